import type { EntityManager } from '@mikro-orm/postgresql';
import type { TFunction } from '../i18n/i18n.js';
import { guardianName, nameColumns, namePartsOf, staffName, studentName } from '../people/display-name.js';
import type { PersonKind } from '../people/person-kinds.js';

export type DataRow = Record<string, unknown>;

/** One kind of record held about the person: `key` names it (common:people.export.section.<key>), each row's fields too. */
export interface DataSection {
  key: string;
  rows: DataRow[];
}

/** Everything held about one person (152-ФЗ art. 14), as the JSON file says it. */
export interface PersonData {
  kind: PersonKind;
  id: number;
  school: { id: number; name: string; timeZone: string };
  generatedAt: string;
  /** The person's own row, every column but the internal ones. */
  person: DataRow;
  sections: DataSection[];
}

type Query = (em: EntityManager, id: number, t: TFunction) => Promise<DataRow[]>;

const rows = (em: EntityManager, sql: string, params: unknown[]) => em.execute<DataRow[]>(sql, params);

/** Rows whose `<prefix>*` name columns become one `field` in the reader's language (a pseudonym too). */
function named(list: DataRow[], fields: Record<string, { prefix: string; kind: 'student' | 'guardian' | 'staff' }>, t: TFunction): DataRow[] {
  return list.map((row) => {
    const out: DataRow = {};
    for (const [key, value] of Object.entries(row)) {
      if (!Object.values(fields).some((f) => key.startsWith(f.prefix))) out[key] = value;
    }
    for (const [field, { prefix, kind }] of Object.entries(fields)) {
      const parts = namePartsOf(row, prefix);
      if (!parts.lastName && parts.pseudonymNo === null) { out[field] = null; continue; }
      out[field] = kind === 'student' ? studentName(parts, 'full', t) : kind === 'guardian' ? guardianName(parts, 'full', t) : staffName(parts);
    }
    return out;
  });
}

// What every person has: Telegram bindings, invites, notifications sent or waiting.
const common: Record<string, (kind: PersonKind) => Query> = {
  telegramBindings: (kind) => (em, id) => rows(em,
    `select b.id, b.telegram_account_id as "telegramAccount", a.language, b.created_at as "createdAt", b.revoked_at as "revokedAt"
       from telegram_binding b left join telegram_account a on a.id = b.telegram_account_id
      where b.person_kind = ? and b.person_id = ? order by b.id`, [kind, id]),
  invites: (kind) => (em, id) => rows(em,
    `select id, created_at as "createdAt", expires_at as "expiresAt", used_at as "usedAt", revoked_at as "revokedAt"
       from invite where person_kind = ? and person_id = ? order by id`, [kind, id]),
  notifications: (kind) => (em, id) => rows(em,
    `select id, kind, status, created_at as "createdAt", sent_at as "sentAt", payload
       from notification where person_kind = ? and person_id = ? order by id`, [kind, id]),
  compromiseReports: (kind) => (em, id) => rows(em,
    `select id, reported_at as "reportedAt", leaked_since as "leakedSince", bindings_revoked as "bindingsRevoked", rolled_back_at as "rolledBackAt"
       from compromise_report where person_kind = ? and person_id = ? order by id`, [kind, id]),
};

const threads = (column: 'guardian_id' | 'student_id' | 'staff_id'): Query => async (em, id, t) => named(await rows(em,
  `select t.id, ${nameColumns('g', 'g_')}, ${nameColumns('st', 't_', false)}, ${nameColumns('s', 's_')}, count(m.id)::int as messages
     from message_thread t join guardian g on g.id = t.guardian_id join staff st on st.id = t.staff_id join student s on s.id = t.student_id
     left join thread_message m on m.thread_id = t.id
    where t.${column} = ? group by t.id, g.id, st.id, s.id order by t.id`, [id]),
{ guardian: { prefix: 'g_', kind: 'guardian' }, teacher: { prefix: 't_', kind: 'staff' }, student: { prefix: 's_', kind: 'student' } }, t);

const messages = (column: 'guardian_id' | 'student_id' | 'staff_id'): Query => (em, id) => rows(em,
  `select m.thread_id as thread, m.created_at as "createdAt", m.author, m.text, m.read_at as "readAt"
     from thread_message m join message_thread t on t.id = m.thread_id where t.${column} = ? order by m.thread_id, m.created_at, m.id`, [id]);

/** The weekly digests (D11) of a student, naming its guardians, or of a guardian, naming its children. */
const digests = (whose: 'student' | 'guardian'): Query => async (em, id, t) => {
  const other = whose === 'student' ? { table: 'guardian', kind: 'guardian' as const } : { table: 'student', kind: 'student' as const };
  return named(await rows(em,
    `select d.week_start::text as week, ${nameColumns('o', 'o_')}, d.sent_at as "sentAt", d.acknowledged_at as "acknowledgedAt"
       from weekly_digest d join ${other.table} o on o.id = d.${other.table}_id where d.${whose}_id = ? order by d.week_start, d.id`, [id]),
  { [other.kind]: { prefix: 'o_', kind: other.kind } }, t);
};

/** The person's own sections, by kind, in the order the PDF prints them. */
export const SECTIONS: Record<PersonKind, Record<string, Query>> = {
  student: {
    enrollments: (em, id) => rows(em,
      `select g.name as "group", e.start_date::text as "startDate", e.end_date::text as "endDate", e.start_reason as "startReason", e.end_reason as "endReason"
         from enrollment e join school_group g on g.id = e.group_id where e.student_id = ? order by e.start_date, e.id`, [id]),
    movements: (em, id) => rows(em,
      `select m.kind, m.date::text as date, g.name as "group", m.order_number as "orderNumber", m.note
         from student_movement m left join school_group g on g.id = m.group_id where m.student_id = ? order by m.date, m.id`, [id]),
    subgroups: (em, id) => rows(em,
      `select sg.name as subgroup, g.name as "group" from subgroup_member sm join subgroup sg on sg.id = sm.subgroup_id
         join school_group g on g.id = sg.group_id where sm.student_id = ? order by sm.id`, [id]),
    guardians: async (em, id, t) => named(await rows(em,
      `select l.relation, ${nameColumns('g', 'g_')} from student_guardian l join guardian g on g.id = l.guardian_id where l.student_id = ? order by l.id`, [id]),
    { guardian: { prefix: 'g_', kind: 'guardian' } }, t),
    marks: (em, id) => rows(em,
      `select l.date::text as date, sub.name as subject, k.value, k.second, w.name as "workType", k.comment, k.make_up as "makeUp"
         from mark k join lesson l on l.id = k.lesson_id join teaching_assignment a on a.id = l.assignment_id join subject sub on sub.id = a.subject_id
         join work_type w on w.id = k.work_type_id where k.student_id = ? order by l.date, l.lesson_number, k.id`, [id]),
    attendance: (em, id) => rows(em,
      `select l.date::text as date, l.lesson_number as "lessonNumber", sub.name as subject, at.code
         from attendance at join lesson l on l.id = at.lesson_id join teaching_assignment a on a.id = l.assignment_id join subject sub on sub.id = a.subject_id
        where at.student_id = ? order by l.date, l.lesson_number, at.id`, [id]),
    periodMarks: (em, id) => rows(em,
      `select sub.name as subject, p.name as period, pm.value, pm.deferred_until::text as "deferredUntil"
         from period_mark pm join teaching_assignment a on a.id = pm.assignment_id join subject sub on sub.id = a.subject_id join period p on p.id = pm.period_id
        where pm.student_id = ? order by p.start_date, sub.name, pm.id`, [id]),
    homework: (em, id) => rows(em,
      `select l.date::text as date, sub.name as subject, h.text, h.due_date::text as "dueDate"
         from homework h join lesson l on l.id = h.lesson_id join teaching_assignment a on a.id = l.assignment_id join subject sub on sub.id = a.subject_id
        where h.student_id = ? order by l.date, h.id`, [id]),
    digests: digests('student'),
    threads: threads('student_id'),
    messages: messages('student_id'),
  },
  guardian: {
    children: async (em, id, t) => named(await rows(em,
      `select l.relation, ${nameColumns('s', 's_')} from student_guardian l join student s on s.id = l.student_id where l.guardian_id = ? order by l.id`, [id]),
    { student: { prefix: 's_', kind: 'student' } }, t),
    consents: (em, id) => rows(em,
      `select status, date::text as date, note, created_at as "createdAt" from consent where guardian_id = ? order by date, id`, [id]),
    digests: digests('guardian'),
    threads: threads('guardian_id'),
    messages: messages('guardian_id'),
  },
  staff: {
    panelAccount: (em, id) => rows(em,
      `select email, created_at as "createdAt", last_login_at as "lastLoginAt", must_change_password as "mustChangePassword", disabled_at as "disabledAt"
         from admin_account where staff_id = ?`, [id]),
    assignments: (em, id) => rows(em,
      `select y.name as year, sub.name as subject, g.name as "group", sg.name as subgroup, a.planned_hours as "plannedHours"
         from teaching_assignment a join academic_year y on y.id = a.year_id join subject sub on sub.id = a.subject_id join school_group g on g.id = a.group_id
         left join subgroup sg on sg.id = a.subgroup_id where a.teacher_id = ? order by y.start_date, g.name, sub.name, a.id`, [id]),
    classes: (em, id) => rows(em,
      `select y.name as year, g.name as "group" from school_group g join academic_year y on y.id = g.year_id where g.class_teacher_id = ? order by y.start_date, g.name`, [id]),
    threads: threads('staff_id'),
    messages: messages('staff_id'),
  },
};

export const COMMON_SECTIONS = common;
