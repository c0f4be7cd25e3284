import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { requireAccess } from '../access/policy.js';
import { AccessDenied, NotFound, ValidationFailed, problem } from '../errors.js';
import { enqueue } from '../notifications/outbox.js';
import { Staff } from '../people/staff.entity.js';
import { fullName } from '../school/rules/names.js';
import { School } from '../school/school.entity.js';
import { MessageThread, ThreadMessage } from './message-thread.entity.js';
import { guardianOf, requireOwnChild, teachersOfChild, type ChildTeacher, type GuardianRef, type Participant } from './participants.js';
import { messageText } from './text-rules.js';
import { findThreads, markRead, threadView, type Side, type ThreadSummary, type ThreadView } from './thread-queries.js';
import type { Clock } from '../time/clock.js';

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
  ) {}

  /** Whom the guardian may write to about the child. */
  async teachersOf(guardian: GuardianRef, studentId: number): Promise<ChildTeacher[]> {
    const em = this.em();
    await requireOwnChild(em, guardian, studentId);
    return teachersOfChild(em, studentId, await this.today(em, guardian.schoolId));
  }

  /** The guardian writes to a teacher of its child; the thread of the three is made on the first message. */
  async write(guardian: GuardianRef, studentId: number, staffId: number, text: string): Promise<{ thread: MessageThread; message: ThreadMessage }> {
    const body = messageText(text);
    const em = this.em();
    const [student, parent] = [await requireOwnChild(em, guardian, studentId), await guardianOf(em, guardian)];
    const teacher = (await teachersOfChild(em, studentId, await this.today(em, guardian.schoolId))).find((t) => t.staffId === staffId);
    if (!teacher) throw new AccessDenied('messages.write');
    return em.transactional(async (tem) => {
      await tem.execute(
        `insert into message_thread (school_id, guardian_id, staff_id, student_id) values (?, ?, ?, ?) on conflict do nothing`,
        [guardian.schoolId, guardian.guardianId, staffId, studentId],
      );
      const thread = await tem.findOneOrFail(MessageThread, { guardian: guardian.guardianId, staff: staffId, student: studentId });
      const message = tem.create(ThreadMessage, { school: guardian.schoolId, thread, author: 'guardian', text: body, createdAt: this.clock.now() });
      await tem.flush();
      const payload: MessagePayload = { threadId: thread.id, messageId: message.id, side: 'guardian', from: fullName(parent), student: fullName(student), text: body };
      await enqueue(tem, {
        schoolId: guardian.schoolId,
        kind: 'message',
        studentId,
        to: [{ personKind: 'staff', personId: staffId }],
        payload,
        eventKey: `message:${message.id}`,
      }, this.clock.now());
      await tem.flush();
      return { thread, message };
    });
  }

  /** An answer in a thread by one of its two people. */
  async reply(threadId: number, text: string, by: Participant): Promise<{ thread: MessageThread; message: ThreadMessage }> {
    const body = messageText(text);
    const em = this.em();
    const thread = await this.ownThread(em, threadId, by);
    // The guardian goes on writing only while the teacher is still its child's teacher.
    if (by.kind === 'guardian') return this.write(by.guardian, thread.student.id, thread.staff.id, body);
    const guardianRef = { guardianId: thread.guardian.id, schoolId: thread.school.id };
    const student = await requireOwnChild(em, guardianRef, thread.student.id).catch(() => {
      throw new ValidationFailed([problem('messages.guardianUnlinked')]);
    });
    const staff = await em.findOneOrFail(Staff, thread.staff.id);
    const teacher = (await teachersOfChild(em, student.id, await this.today(em, thread.school.id))).find((t) => t.staffId === staff.id);
    return em.transactional(async (tem) => {
      const message = tem.create(ThreadMessage, { school: thread.school.id, thread: thread.id, author: 'staff', text: body, createdAt: this.clock.now() });
      await tem.flush();
      const payload: MessagePayload = {
        threadId: thread.id, messageId: message.id, side: 'staff', from: fullName(staff), student: fullName(student), text: body,
        classTeacher: teacher?.classTeacher ?? false, subjects: teacher?.subjects ?? [],
      };
      await enqueue(tem, {
        schoolId: thread.school.id,
        kind: 'message',
        studentId: student.id,
        to: [{ personKind: 'guardian', personId: thread.guardian.id }],
        payload,
        eventKey: `message:${message.id}`,
      }, this.clock.now());
      // What one answers, one has read.
      await markRead(tem, thread.id, 'staff', this.clock.now());
      await tem.flush();
      return { thread, message };
    });
  }

  /** The person's own threads, the latest conversation first, with what it has not read. */
  async threads(by: Participant, page: { limit?: number; offset?: number } = {}): Promise<{ rows: ThreadSummary[]; total: number }> {
    const em = this.em();
    if (by.kind === 'guardian') {
      const children = await this.childrenOf(em, by.guardian);
      return findThreads(em, { schoolId: by.guardian.schoolId, guardianId: by.guardian.guardianId, studentIds: children }, 'guardian', page);
    }
    const { actor } = by;
    if (actor.kind !== 'staff' || actor.staffId === undefined) throw new AccessDenied('messages.thread');
    return findThreads(em, { schoolId: actor.schoolId!, staffId: actor.staffId }, 'staff', page);
  }

  /** How many messages the person has not read, over all its threads. */
  async unreadCount(by: Participant): Promise<number> {
    const { rows } = await this.threads(by);
    return rows.reduce((sum, r) => sum + r.unread, 0);
  }

  /** One of the person's own threads, with its latest messages; what the other side wrote is now read. */
  async open(threadId: number, by: Participant): Promise<ThreadView> {
    const em = this.em();
    const thread = await this.ownThread(em, threadId, by);
    const side: Side = by.kind;
    await markRead(em, thread.id, side, this.clock.now());
    const { rows: [summary] } = await findThreads(em, { threadId: thread.id }, side);
    return threadView(em, summary!, SHOWN);
  }

  /** The panel's «Переписка»: every thread of the school, read-only (messages.view). */
  async list(actor: Actor, page: { limit?: number; offset?: number } = {}): Promise<{ rows: ThreadSummary[]; total: number }> {
    requireAccess(actor, 'messages.view');
    return findThreads(this.em(), actor.kind === 'staff' ? { schoolId: actor.schoolId! } : {}, undefined, page);
  }

  /** One thread in the panel with all its messages; reading it there marks nothing as read. */
  async read(threadId: number, actor: Actor): Promise<ThreadView> {
    const em = this.em();
    const { rows: [summary] } = await findThreads(em, { threadId }, undefined);
    if (!summary) throw new NotFound('MessageThread');
    requireAccess(actor, 'messages.view', { schoolId: summary.schoolId });
    return threadView(em, summary, 1000);
  }

  /** The thread, if `by` is one of its two people (a guardian: while still linked to the child). */
  private async ownThread(em: EntityManager, threadId: number, by: Participant): Promise<MessageThread> {
    const thread = await em.findOne(MessageThread, { id: threadId });
    if (!thread) throw new NotFound('MessageThread');
    if (by.kind === 'guardian') {
      if (thread.guardian.id !== by.guardian.guardianId || thread.school.id !== by.guardian.schoolId) throw new AccessDenied('messages.thread');
      await requireOwnChild(em, by.guardian, thread.student.id);
      return thread;
    }
    const { actor } = by;
    if (actor.kind !== 'staff' || actor.staffId !== thread.staff.id || actor.schoolId !== thread.school.id) throw new AccessDenied('messages.thread');
    return thread;
  }

  private async childrenOf(em: EntityManager, guardian: GuardianRef): Promise<number[]> {
    const rows = await em.execute<{ id: number }[]>(
      `select s.id from student s join student_guardian l on l.student_id = s.id
        where l.guardian_id = ? and s.school_id = ? and s.status in ('studying', 'academic_leave')`,
      [guardian.guardianId, guardian.schoolId],
    );
    return rows.map((r) => r.id);
  }

  private async today(em: EntityManager, schoolId: number): Promise<string> {
    const school = await em.findOneOrFail(School, schoolId);
    return this.clock.today(school.timeZone);
  }
}
