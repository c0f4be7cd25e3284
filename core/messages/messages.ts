import type { EntityManager } from '@mikro-orm/postgresql';
import { requireStudents } from '../access/access.js';
import { guardianActor, schoolScope, type Actor } from '../access/actor.js';
import { requireAccess } from '../access/policy.js';
import { childrenOf } from '../access/relations.js';
import { AccessDenied, NotFound, ValidationFailed, problem } from '../base/errors.js';
import { countPeople, type PersonRef } from '../audit/named-people.js';
import type { ReadLog } from '../audit/read-log.js';
import type { Outbox } from '../notifications/outbox.js';
import { Staff } from '../people/staff.entity.js';
import { Student } from '../people/student.entity.js';
import { fullName } from '../people/display-name.js';
import { School } from '../school/school.entity.js';
import { MessageThread, ThreadMessage } from './message-thread.entity.js';
import { guardianOf, teachersOfChild, type ChildTeacher } from './participants.js';
import { messageText } from './text-rules.js';
import { findThreads, markRead, threadView, type Side, type ThreadSummary, type ThreadView } from './thread-queries.js';
import type { Clock } from '../time/clock.js';
import { knownSex } from '../people/sex-context.js';

/** How many messages a thread shows at once (the latest). */
const SHOWN = 10;

/** What the 'message' notification carries: enough to render it in the recipient's language without the database. */
export interface MessagePayload extends Record<string, unknown> {
  threadId: number;
  messageId: number;
  /** Who wrote: the guardian or the teacher. */
  side: Side;
  from: string;
  student: string;
  /** «Ученица: …» or «Ученик: …»; absent from older rows (the neutral wording). */
  studentSex?: 'm' | 'f';
  /** For a teacher's message: what it is to the child. */
  classTeacher?: boolean;
  subjects?: string[];
  text: string;
}

/**
 * Messages between guardians and teachers (D9). A guardian writes about one of its own children, to that
 * child's class teacher or to a teacher of one of its subjects, and to no one else; the teacher answers in
 * its own threads only. Every message notifies the other side through the outbox, in its transaction.
 * The administrator and the director read every thread of their school in the panel (messages.view).
 */
export class Messages {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly reads: ReadLog,
  ) {}

  /** Whom the guardian may write to about the child. */
  async teachersOf(guardian: Actor, studentId: number): Promise<ChildTeacher[]> {
    const em = this.em();
    const today = await this.today(em, guardian.schoolId);
    await this.ownChild(em, guardian, studentId, today);
    return teachersOfChild(em, studentId, today);
  }

  /** The guardian writes to a teacher of its child; the thread of the three is made on the first message. */
  async write(guardian: Actor, studentId: number, staffId: number, text: string): Promise<{ thread: MessageThread; message: ThreadMessage }> {
    const body = messageText(text);
    const em = this.em();
    const today = await this.today(em, guardian.schoolId);
    const [student, parent] = [await this.ownChild(em, guardian, studentId, today), await guardianOf(em, guardian)];
    const teacher = (await teachersOfChild(em, studentId, today)).find((t) => t.staffId === staffId);
    if (!teacher) throw new AccessDenied('messages.write');
    const schoolId = parent.school.id;
    return em.transactional(async (tem) => {
      await tem.execute(
        `insert into message_thread (school_id, guardian_id, staff_id, student_id) values (?, ?, ?, ?) on conflict do nothing`,
        [schoolId, parent.id, staffId, studentId],
      );
      const thread = await tem.findOneOrFail(MessageThread, { guardian: parent.id, staff: staffId, student: studentId });
      const message = tem.create(ThreadMessage, { school: schoolId, thread, author: 'guardian', text: body, createdAt: this.clock.now() });
      await tem.flush();
      const payload: MessagePayload = { threadId: thread.id, messageId: message.id, side: 'guardian', from: fullName(parent), student: fullName(student), studentSex: knownSex(student), text: body };
      await this.outbox.enqueue(tem, {
        schoolId,
        kind: 'message',
        studentId,
        to: [{ personKind: 'staff', personId: staffId }],
        payload,
        eventKey: `message:${message.id}`,
      });
      await tem.flush();
      return { thread, message };
    });
  }

  /** An answer in a thread by one of its two people. */
  async reply(threadId: number, text: string, by: Actor): Promise<{ thread: MessageThread; message: ThreadMessage }> {
    const body = messageText(text);
    const em = this.em();
    const thread = await this.ownThread(em, threadId, by);
    // The guardian goes on writing only while the teacher is still its child's teacher.
    if (by.kind === 'guardian') return this.write(by, thread.student.id, thread.staff.id, body);
    const today = await this.today(em, thread.school.id);
    const threadGuardian = guardianActor({ schoolId: thread.school.id, guardianId: thread.guardian.id });
    const student = await this.ownChild(em, threadGuardian, thread.student.id, today).catch(() => {
      throw new ValidationFailed([problem('messages.guardianUnlinked')]);
    });
    const staff = await em.findOneOrFail(Staff, thread.staff.id);
    const teacher = (await teachersOfChild(em, student.id, today)).find((t) => t.staffId === staff.id);
    return em.transactional(async (tem) => {
      const message = tem.create(ThreadMessage, { school: thread.school.id, thread: thread.id, author: 'staff', text: body, createdAt: this.clock.now() });
      await tem.flush();
      const payload: MessagePayload = {
        threadId: thread.id, messageId: message.id, side: 'staff', from: fullName(staff), student: fullName(student), studentSex: knownSex(student), text: body,
        classTeacher: teacher?.classTeacher ?? false, subjects: teacher?.subjects ?? [],
      };
      await this.outbox.enqueue(tem, {
        schoolId: thread.school.id,
        kind: 'message',
        studentId: student.id,
        to: [{ personKind: 'guardian', personId: thread.guardian.id }],
        payload,
        eventKey: `message:${message.id}`,
      });
      // What one answers, one has read.
      await markRead(tem, thread.id, 'staff', this.clock.now());
      await tem.flush();
      return { thread, message };
    });
  }

  /**
   * The person's own threads, the latest conversation first, with what it has not read. `opened`: the list
   * shown to a member of staff, which names the parents and children it talks with — a read (G4).
   */
  async threads(by: Actor, page: { limit?: number; offset?: number } = {}, opened = false): Promise<{ rows: ThreadSummary[]; total: number }> {
    const em = this.em();
    if (by.kind === 'guardian' && by.personId !== undefined && by.schoolId !== undefined) {
      const children = await childrenOf(em, by.personId, by.schoolId);
      return findThreads(em, { schoolId: by.schoolId, guardianId: by.personId, studentIds: children }, 'guardian', page);
    }
    if (by.kind !== 'staff' || by.staffId === undefined) throw new AccessDenied('messages.thread');
    const found = await findThreads(em, { schoolId: by.schoolId!, staffId: by.staffId }, 'staff', page);
    if (opened) await this.reads.record(by, { kind: 'list', resource: 'MessageThread', detail: 'threads', people: countPeople(found.rows.flatMap(named), by) });
    return found;
  }

  /** How many messages the person has not read, over all its threads. */
  async unreadCount(by: Actor): Promise<number> {
    const { rows } = await this.threads(by);
    return rows.reduce((sum, r) => sum + r.unread, 0);
  }

  /**
   * One of the person's own threads, with its latest messages; what the other side wrote is now read.
   * `opened`: the thread opened by its teacher, which names the parent and the child — a read (G4).
   */
  async open(threadId: number, by: Actor, opened = false): Promise<ThreadView> {
    const em = this.em();
    const thread = await this.ownThread(em, threadId, by);
    const side: Side = by.kind === 'guardian' ? 'guardian' : 'staff';
    await markRead(em, thread.id, side, this.clock.now());
    const { rows: [summary] } = await findThreads(em, { threadId: thread.id }, side);
    if (opened) await this.readThread(by, summary!);
    return threadView(em, summary!, SHOWN);
  }

  /** The panel's «Переписка»: every thread of the school, read-only (messages.view); the page is one read (G4). */
  async list(actor: Actor, page: { limit?: number; offset?: number } = {}): Promise<{ rows: ThreadSummary[]; total: number }> {
    requireAccess(actor, 'messages.view');
    const { school } = schoolScope(actor);
    const found = await findThreads(this.em(), school === undefined ? {} : { schoolId: school }, undefined, page);
    await this.reads.record(actor, { kind: 'list', resource: 'MessageThread', detail: 'panel', people: countPeople(found.rows.flatMap(named), actor) });
    return found;
  }

  /** One thread in the panel with all its messages; reading it there marks nothing as read, but is a read (G4). */
  async read(threadId: number, actor: Actor): Promise<ThreadView> {
    const em = this.em();
    const { rows: [summary] } = await findThreads(em, { threadId }, undefined);
    if (!summary) throw new NotFound('MessageThread');
    requireAccess(actor, 'messages.view', { schoolId: summary.schoolId });
    await this.readThread(actor, summary);
    return threadView(em, summary, 1000);
  }

  private async readThread(actor: Actor, summary: ThreadSummary): Promise<void> {
    await this.reads.record(actor, { kind: 'record', resource: 'MessageThread', recordId: summary.id, schoolId: summary.schoolId, people: countPeople(named(summary), actor) });
  }

  /** The thread, if `by` is one of its two people (a guardian: while still linked to the child). */
  private async ownThread(em: EntityManager, threadId: number, by: Actor): Promise<MessageThread> {
    const thread = await em.findOne(MessageThread, { id: threadId });
    if (!thread) throw new NotFound('MessageThread');
    if (by.kind === 'guardian') {
      if (thread.guardian.id !== by.personId || thread.school.id !== by.schoolId) throw new AccessDenied('messages.thread');
      await this.ownChild(em, by, thread.student.id, await this.today(em, thread.school.id));
      return thread;
    }
    if (by.kind !== 'staff' || by.staffId !== thread.staff.id || by.schoolId !== thread.school.id) throw new AccessDenied('messages.thread');
    return thread;
  }

  /** The child, if the guardian may write about it (the one policy's messages.write); else AccessDenied. */
  private async ownChild(em: EntityManager, guardian: Actor, studentId: number, today: string): Promise<Student> {
    await requireStudents(em, guardian, 'messages.write', [studentId], today);
    return em.findOneOrFail(Student, studentId);
  }

  private async today(em: EntityManager, schoolId: number | undefined): Promise<string> {
    const school = await em.findOne(School, schoolId ?? 0);
    if (!school) throw new AccessDenied('messages.write');
    return this.clock.today(school.timeZone);
  }
}

/** Whom a thread names: its parent, its child and its teacher. */
const named = (t: ThreadSummary): PersonRef[] => [['Guardian', t.guardian.id], ['Student', t.student.id], ['Staff', t.staff.id]];
