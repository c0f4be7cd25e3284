import type { EntityManager } from '@mikro-orm/postgresql';
import { schoolScope, type Actor } from '../access/actor.js';
import { relationSql } from '../access/relations.js';
import { NotFound } from '../base/errors.js';
import { preparedQueries, preparedQuery, preparedStatement, type PreparedStatement } from '../db/prepared-query.js';
import { addOpenBatches, openBatchesSql, type Batches, type ChatPreference, type Known, type OpenBatchRow, type SchoolQuiet } from '../notifications/coalescing.js';
import type { OutboxReads, RecipientKind } from '../notifications/outbox.js';
import type { NotificationKind } from '../notifications/notification-kinds.js';
import { shortName } from '../people/display-name.js';
import type { EditWindow } from '../school/school.entity.js';
import type { AttendanceCode } from './attendance-codes.js';
import type { LessonParties } from './journal-rules.js';
import type { LessonSheetView } from './journal-views.js';
import { defaultWorkTypeOf } from './lessons.js';
import { inJournalOrder, type RosterStudent } from './roster.js';

/**
 * A journal tap's one read (issue 17): everything a mark or a roll-call tap checks and shows of its lesson,
 * and what its notification needs, as one statement of plain values (no entities): the lesson with its
 * assignment, school and period lock, the students enrolled on its date, its marks, attendance, homework,
 * planned control work and the school's work types; the tap's student's guardians with consent, their
 * and its live bindings, those chats' preferences and open batches (and the lesson's); a fresh id for the
 * row the tap may insert. The checks are the journal's own (journal-rules.ts, marks.ts), run over these values.
 */
export interface TapSheet {
  parties: LessonParties;
  lesson: { id: number; schoolId: number; assignmentId: number; date: string; lessonNumber: number };
  school: { timeZone: string; markEditWindow: EditWindow };
  subject: { name: string; doubleMarksAllowed: boolean };
  /** The period closed by its period marks the lesson's date lies in, if any. */
  lock: { name: string; startDate: string; endDate: string } | null;
  /** The lesson's students in the journal's order, with their school. */
  students: (RosterStudent & { schoolId: number })[];
  /** What the screens show of the lesson, as TeacherJournal.lesson answers it. */
  view: LessonSheetView;
  /** What Outbox.enqueue would read for an event about the tap's student in this lesson (its recipients aside). */
  outbox: Omit<OutboxReads, 'recipients'> & { guardiansOf: Map<number, number[]> };
  /** An id for the row the tap may insert (from its table's sequence), when asked for one. */
  newId: number | null;
}

type Sequence = 'mark_id_seq' | 'attendance_id_seq';

interface Row {
  lesson: {
    id: number; school_id: number; assignment_id: number; date: string; lesson_number: number; topic: string | null;
    attendance_taken_at: string | null; substitute_teacher_id: number | null; teacher_id: number; group_id: number;
    subgroup_id: number | null; year_id: number;
  } | null;
  subject: { id: number; name: string; doubleMarksAllowed: boolean };
  group: { id: number; name: string };
  subgroup: { id: number; name: string } | null;
  school: SchoolQuiet & { markEditWindow: EditWindow };
  substitute: { lastName: string; firstName: string; middleName: string | null } | null;
  lock: TapSheet['lock'];
  students: (RosterStudent & { schoolId: number })[] | null;
  marks: LessonSheetView['marks'] | null;
  attendance: { id: number; studentId: number; code: AttendanceCode; version: number }[] | null;
  homework: LessonSheetView['homework'] | null;
  workTypes: LessonSheetView['workTypes'] | null;
  controlWork: string | null;
  guardians: number[] | null;
  bindings: { school: number; personKind: RecipientKind; personId: number; chat: number | string }[] | null;
  batches: OpenBatchRow[] | null;
  preferences: (Omit<ChatPreference, 'telegramAccountId'> & { telegramAccountId: number | string; disabledKinds: NotificationKind[] })[] | null;
  schools: SchoolQuiet[] | null;
  newId: number | string | null;
}

// Prepared (parsed and planned once a connection): planning this statement afresh cost PostgreSQL more than
// running it (EXPLAIN (SUMMARY): ≈ 6–7 ms of planning against ≈ 2 ms of execution, at load 8).
const SHEET = preparedStatement(`with l as (
  select l.id, l.school_id, l.assignment_id, l.date, l.lesson_number, l.topic, l.attendance_taken_at, l.substitute_teacher_id,
         a.teacher_id, a.group_id, a.subgroup_id, a.year_id, a.subject_id
    from lesson l join teaching_assignment a on a.id = l.assignment_id
   where l.id = ? and (?::int is null or l.school_id = ?::int)
), roster as (
  select s.id, s.last_name as "lastName", s.first_name as "firstName", s.middle_name as "middleName", s.pseudonym_no as "pseudonymNo", s.sex, s.school_id as "schoolId"
    from l cross join lateral (${relationSql.enrolledIn('l.group_id', 'l.date')}) e join student s on s.id = e.student_id
   where ${relationSql.inAssignmentSubgroup('s.id', 'l')}
), guardians as (
  select g.guardian_id from student_guardian g where g.student_id = ?::int and ${relationSql.consentInForce('g.guardian_id')}
), bindings as (
  select b.school_id as school, b.person_kind as "personKind", b.person_id as "personId", b.telegram_account_id as chat
    from l join telegram_binding b on b.school_id = l.school_id
   where b.revoked_at is null
     and ((b.person_kind = 'student' and b.person_id = ?::int) or (b.person_kind = 'guardian' and b.person_id in (select guardian_id from guardians)))
), batches as (
  ${openBatchesSql('?::timestamptz', 'array(select distinct chat from bindings)', 'array(select id from l)')}
)
select
  (select row_to_json(l) from l) as lesson,
  (select json_build_object('id', x.id, 'name', x.name, 'doubleMarksAllowed', x.double_marks_allowed) from l join subject x on x.id = l.subject_id) as subject,
  (select json_build_object('id', g.id, 'name', g.name) from l join school_group g on g.id = l.group_id) as "group",
  (select json_build_object('id', g.id, 'name', g.name) from l join subgroup g on g.id = l.subgroup_id) as subgroup,
  (select json_build_object('id', x.id, 'timeZone', x.time_zone, 'quietHoursStart', x.quiet_hours_start, 'quietHoursEnd', x.quiet_hours_end, 'markEditWindow', x.mark_edit_window)
     from l join school x on x.id = l.school_id) as school,
  (select json_build_object('lastName', x.last_name, 'firstName', x.first_name, 'middleName', x.middle_name) from l join staff x on x.id = l.substitute_teacher_id) as substitute,
  (select json_build_object('name', p.name, 'startDate', p.start_date, 'endDate', p.end_date)
     from l join period_lock k on k.assignment_id = l.assignment_id and k.locked join period p on p.id = k.period_id and p.start_date <= l.date and p.end_date >= l.date
    order by k.id limit 1) as lock,
  (select json_agg(r) from roster r) as students,
  (select json_agg(json_build_object('id', m.id, 'lessonId', m.lesson_id, 'studentId', m.student_id, 'value', m.value, 'second', m.second, 'workTypeId', m.work_type_id,
          'comment', m.comment, 'makeUp', m.make_up, 'version', m.version) order by m.id)
     from l join mark m on m.lesson_id = l.id) as marks,
  (select json_agg(json_build_object('id', x.id, 'studentId', x.student_id, 'code', x.code, 'version', x.version) order by x.id)
     from l join attendance x on x.lesson_id = l.id) as attendance,
  (select json_agg(json_build_object('id', h.id, 'studentId', h.student_id, 'text', h.text, 'none', h.none, 'dueDate', h.due_date) order by h.id)
     from l join homework h on h.lesson_id = l.id) as homework,
  (select json_agg(json_build_object('id', w.id, 'name', w.name, 'weight', w.weight::float8) order by w.id) from l join work_type w on w.school_id = l.school_id) as "workTypes",
  (select c.form from l join control_work c on c.assignment_id = l.assignment_id and c.date = l.date order by c.id limit 1) as "controlWork",
  (select json_agg(guardian_id order by guardian_id) from guardians) as guardians,
  (select json_agg(b) from bindings b) as bindings,
  (select json_agg(b) from batches b) as batches,
  (select json_agg(json_build_object('telegramAccountId', p.telegram_account_id, 'disabledKinds', p.disabled_kinds, 'quietHoursStart', p.quiet_hours_start, 'quietHoursEnd', p.quiet_hours_end))
     from notification_preference p where p.telegram_account_id in (select chat from bindings union select chat from batches)) as preferences,
  (select json_agg(json_build_object('id', x.id, 'timeZone', x.time_zone, 'quietHoursStart', x.quiet_hours_start, 'quietHoursEnd', x.quiet_hours_end))
     from school x where x.id in (select school_id from l union select school from batches)) as schools,
  case when ?::text is null or not exists (select 1 from l)
         or (?::text = 'attendance_id_seq' and exists (select 1 from l join attendance x on x.lesson_id = l.id and x.student_id = ?::int)) then null
       else nextval(?::regclass) end as "newId"`);

/**
 * Reads the lesson `lessonId` as a tap about `studentId` needs it (see TapSheet), at `now`, taking a new id
 * of `sequence` (for attendance, only when the student has no row). The lesson's lock is taken before, by
 * the caller or as `before` (a statement of its own either way, so that this one's snapshot sees every change
 * made under the lock before). NotFound outside the actor's school.
 */
export async function readTapSheet(
  em: EntityManager, lessonId: number, actor: Actor, studentId: number, now: Date, sequence?: Sequence, before?: [PreparedStatement, unknown[]],
): Promise<TapSheet> {
  const school = schoolScope(actor).school ?? null;
  const values = [lessonId, school, school, studentId, studentId, now, now, sequence ?? null, sequence ?? null, studentId, sequence ?? 'mark_id_seq'];
  // `before` (the lesson's lock) in the same round trip: the read, a statement of its own, still starts after it.
  const [row] = before ? ((await preparedQueries(em, [before, [SHEET, values]]))[1] as Row[]) : await preparedQuery<Row>(em, SHEET, values);
  if (!row?.lesson) throw new NotFound('Lesson');
  const l = row.lesson;
  const students = inJournalOrder(row.students ?? []);
  const workTypes = row.workTypes ?? [];
  const view: LessonSheetView = {
    lesson: {
      id: l.id,
      date: l.date,
      lessonNumber: l.lesson_number,
      topic: l.topic ?? null,
      rollCallTaken: Boolean(l.attendance_taken_at),
      substitute: row.substitute ? shortName(row.substitute) : null,
      assignment: { id: l.assignment_id, yearId: l.year_id, subject: row.subject, group: row.group, subgroup: row.subgroup },
    },
    students: students.map(({ schoolId: _, ...s }) => s),
    attendance: row.attendance ?? [],
    marks: row.marks ?? [],
    homework: row.homework ?? [],
    workTypes,
    defaultWorkTypeId: defaultWorkTypeOf(workTypes, row.controlWork),
  };
  const batches: Batches = new Map();
  addOpenBatches(batches, row.batches ?? []);
  const preferences = (row.preferences ?? []).map((p) => ({ ...p, telegramAccountId: Number(p.telegramAccountId) }));
  const guardians = row.guardians ?? [];
  const bindings = (row.bindings ?? []).map((b) => ({ ...b, chat: Number(b.chat) }));
  return {
    parties: { schoolId: l.school_id, groupId: l.group_id, teacherId: l.teacher_id, substituteId: l.substitute_teacher_id },
    lesson: { id: l.id, schoolId: l.school_id, assignmentId: l.assignment_id, date: l.date, lessonNumber: l.lesson_number },
    school: { timeZone: row.school.timeZone, markEditWindow: row.school.markEditWindow },
    subject: row.subject,
    lock: row.lock,
    students,
    view,
    outbox: {
      guardiansOf: new Map(guardians.length ? [[studentId, guardians]] : []),
      consented: new Set(guardians),
      bindings,
      known: {
        // Every chat whose preferences the statement read: the bindings' and the open batches'.
        preferenceChats: new Set([...bindings.map((b) => b.chat), ...batches.keys()]),
        preferences: new Map(preferences.map((p) => [p.telegramAccountId, p])),
        schools: new Map((row.schools ?? []).map((s) => [s.id, s])),
      },
      // The tap's event is about a row of its own (a new id, or a new version of its row): no chat has it yet.
      taken: new Set(),
      batches,
    },
    newId: row.newId === null ? null : Number(row.newId),
  };
}

/** What a tap that only moves the lesson's entry on (or ends it) reads: who may, and the entry's open batches. */
export interface EntrySheet {
  parties: LessonParties;
  batches: Batches;
  known: Omit<Known, 'preferenceChats'>;
}

const ENTRY = preparedStatement(`with l as (
  select l.id, l.school_id, l.substitute_teacher_id, a.teacher_id, a.group_id
    from lesson l join teaching_assignment a on a.id = l.assignment_id
   where l.id = ? and (?::int is null or l.school_id = ?::int)
), batches as (
  ${openBatchesSql('?::timestamptz', "'{}'::bigint[]", 'array(select id from l)')}
)
select
  (select row_to_json(l) from l) as lesson,
  (select json_agg(b) from batches b) as batches,
  (select json_agg(json_build_object('telegramAccountId', p.telegram_account_id, 'disabledKinds', p.disabled_kinds, 'quietHoursStart', p.quiet_hours_start, 'quietHoursEnd', p.quiet_hours_end))
     from notification_preference p where p.telegram_account_id in (select chat from batches)) as preferences,
  (select json_agg(json_build_object('id', x.id, 'timeZone', x.time_zone, 'quietHoursStart', x.quiet_hours_start, 'quietHoursEnd', x.quiet_hours_end))
     from school x where x.id in (select school from batches)) as schools`);

type EntryRow = Pick<Row, 'batches' | 'preferences' | 'schools'> & { lesson: Pick<NonNullable<Row['lesson']>, 'school_id' | 'substitute_teacher_id' | 'teacher_id' | 'group_id'> | null };

/** The lesson `lessonId`'s parties and its entry's open batches at `now`, with their chats' preferences and schools; NotFound outside the actor's school. */
export async function readEntrySheet(em: EntityManager, lessonId: number, actor: Actor, now: Date): Promise<EntrySheet> {
  const school = schoolScope(actor).school ?? null;
  const [row] = await preparedQuery<EntryRow>(em, ENTRY, [lessonId, school, school, now, now]);
  if (!row?.lesson) throw new NotFound('Lesson');
  const l = row.lesson;
  const batches: Batches = new Map();
  addOpenBatches(batches, row.batches ?? []);
  return {
    parties: { schoolId: l.school_id, groupId: l.group_id, teacherId: l.teacher_id, substituteId: l.substitute_teacher_id },
    batches,
    known: {
      preferences: new Map((row.preferences ?? []).map((p) => [Number(p.telegramAccountId), { ...p, telegramAccountId: Number(p.telegramAccountId) }])),
      schools: new Map((row.schools ?? []).map((s) => [s.id, s])),
    },
  };
}
