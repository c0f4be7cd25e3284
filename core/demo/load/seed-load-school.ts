import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../time/clock.js';
import { academicCalendar } from '../calendar.js';
import { BELLS, WORK_TYPES } from '../curriculum.js';
import { seededRandom } from '../prng.js';
import { BulkWriter, type BulkColumn, type Cell } from '../journal/bulk-insert.js';
import { writeJournal } from '../journal/write-journal.js';
import { createYearJournal } from '../journal/year-journal.js';
import { LOAD_SUBJECTS } from './load-curriculum.js';
import { createLoadPeople, leftOn } from './load-people.js';
import { CONTROL_TITLE, createLoadTeaching } from './load-teaching.js';

export const LOAD_TIME_ZONE = 'Europe/Moscow';

export interface LoadSchoolOptions {
  students: number;
  seed?: number;
  /** The school's name; by default one made of the size and the seed, so that a run can find its school again. */
  name?: string;
  /** Marks a student gets in the year, about (1,000 makes 1,000,000 for 1,000 students). */
  marksPerStudent?: number;
  /** The deployment runs in production: refused unless `force`. */
  production?: boolean;
  force?: boolean;
}

export interface LoadSchoolResult {
  schoolId: number;
  name: string;
  /** Rows written per table. */
  rows: Record<string, number>;
  /** Seconds spent generating in memory and writing to the database. */
  seconds: { generate: number; write: number };
}

/** The default name of a load school: the same size and seed give the same name (and the same school). */
export const loadSchoolName = (students: number, seed = 1) => `Школа для замеров: ${students} учащихся, seed ${seed}`;

export class LoadSchoolRefused extends Error {
  constructor() {
    super('seed:load does not run with NODE_ENV=production: it writes a made-up school of a thousand children. Add --force if you really mean it.');
  }
}

export class LoadSchoolExists extends Error {
  constructor(readonly schoolId: number, name: string) {
    super(`A school named «${name}» already exists (id ${schoolId}); seed:load never writes into an existing school.`);
  }
}

/** The id of the school of that name, if there is one. */
export async function findSchoolByName(em: EntityManager, name: string): Promise<number | undefined> {
  const rows = await new BulkWriter(em).query<{ id: number }>('select id from school where name = ? order by id limit 1', [name]);
  return rows[0]?.id;
}

const col = (name: string, type: BulkColumn['type'], cast?: string): BulkColumn => ({ name, type, ...(cast ? { cast } : {}) });
const int = (name: string) => col(name, 'int');
const text = (name: string) => col(name, 'text');
const date = (name: string) => col(name, 'date');
const repeat = <T extends Cell>(value: T, n: number): T[] => new Array<T>(n).fill(value);

/**
 * Creates, in one transaction, a NEW school of a real size for benchmarks (issue 14): `students` students in
 * about students/25 classes of grades 1–11 with staff, guardians (most with consent), the нагрузка with
 * КТП, a conflict-free timetable and the whole academic year that today (by `clock`) falls in: lessons with
 * topics, roll calls, homework, about `marksPerStudent` marks a student and the period marks. Deterministic:
 * the same options give the same school, whatever the ids. Rows go in with bulk `INSERT … SELECT unnest(…)`
 * statements through the ORM's connection, not entity by entity.
 */
export async function seedLoadSchool(em: EntityManager, clock: Clock, options: LoadSchoolOptions): Promise<LoadSchoolResult> {
  if (options.production && !options.force) throw new LoadSchoolRefused();
  const seed = options.seed ?? 1;
  const name = options.name ?? loadSchoolName(options.students, seed);
  const started = performance.now();
  const calendar = academicCalendar(clock.today(LOAD_TIME_ZONE));
  const people = createLoadPeople(seededRandom(seed * 1000 + 1), calendar, options.students);
  const teaching = createLoadTeaching(seededRandom(seed * 1000 + 2), people);
  const journal = createYearJournal(seededRandom(seed * 1000 + 3), calendar, LOAD_TIME_ZONE, { ...people, assignments: teaching.assignments, slots: teaching.slots }, {
    marksPerStudent: options.marksPerStudent ?? 1000, isControlTopic: (title) => title.startsWith(CONTROL_TITLE),
  });
  const generated = performance.now();

  return em.transactional(async (tx) => {
    const db = new BulkWriter(tx);
    // One seed:load at a time per name: a second run waits here and then finds the first one's school.
    await db.query('select pg_advisory_xact_lock(hashtext(?))', [`seed:load ${name}`]);
    const existing = await findSchoolByName(tx, name);
    if (existing !== undefined) throw new LoadSchoolExists(existing, name);

    const [school] = await db.query<{ id: number }>('insert into school (name, short_name, time_zone) values (?, ?, ?) returning id', [name, `Замеры ${options.students}`, LOAD_TIME_ZONE]);
    const schoolId = school!.id;
    const S = (n: number) => repeat(schoolId, n);
    const [year] = await db.query<{ id: number }>('insert into academic_year (school_id, name, start_date, end_date) values (?, ?, ?, ?) returning id', [schoolId, calendar.name, calendar.start, calendar.end]);
    const yearId = year!.id;
    const Y = (n: number) => repeat(yearId, n);

    const periods = [...calendar.quarters.map((q) => ({ type: 'quarter', number: q.number, name: q.name, start: q.start, end: q.end })),
      { type: 'year', number: 1, name: 'Учебный год', start: calendar.start, end: calendar.end }];
    const periodIds = await db.ids('period', periods.length);
    await db.insert('period', [int('id'), int('school_id'), int('year_id'), text('type'), int('number'), text('name'), date('start_date'), date('end_date')], {
      id: periodIds, school_id: S(periods.length), year_id: Y(periods.length), type: periods.map((p) => p.type), number: periods.map((p) => p.number),
      name: periods.map((p) => p.name), start_date: periods.map((p) => p.start), end_date: periods.map((p) => p.end),
    });
    const h = calendar.holidays;
    await db.insert('holiday', [int('school_id'), int('year_id'), text('name'), date('start_date'), date('end_date')], {
      school_id: S(h.length), year_id: Y(h.length), name: h.map((x) => x.name), start_date: h.map((x) => x.start), end_date: h.map((x) => x.end),
    });
    const [bells] = await db.query<{ id: number }>('insert into bell_schedule (school_id, name) values (?, ?) returning id', [schoolId, 'Первая смена']);
    await db.insert('bell_slot', [int('school_id'), int('schedule_id'), int('lesson_number'), text('starts_at'), text('ends_at')], {
      school_id: S(BELLS.length), schedule_id: repeat(bells!.id, BELLS.length), lesson_number: BELLS.map((_, i) => i + 1),
      starts_at: BELLS.map((b) => b[0]), ends_at: BELLS.map((b) => b[1]),
    });
    const subjectIds = await db.ids('subject', LOAD_SUBJECTS.length);
    await db.insert('subject', [int('id'), int('school_id'), text('name'), col('double_marks_allowed', 'boolean'), col('without_attestation', 'boolean'), col('school_component', 'boolean')], {
      id: subjectIds, school_id: S(subjectIds.length), name: LOAD_SUBJECTS.map((s) => s.name), double_marks_allowed: LOAD_SUBJECTS.map((s) => s.doubleMarksAllowed ?? false),
      without_attestation: LOAD_SUBJECTS.map((s) => s.withoutAttestation ?? false), school_component: LOAD_SUBJECTS.map((s) => s.schoolComponent ?? false),
    });
    const subjectId = new Map(LOAD_SUBJECTS.map((s, i) => [s.name, subjectIds[i]!]));
    const workTypeIds = await db.ids('work_type', WORK_TYPES.length);
    await db.insert('work_type', [int('id'), int('school_id'), text('name'), col('weight', 'numeric'), int('grading_deadline_days')], {
      id: workTypeIds, school_id: S(WORK_TYPES.length), name: WORK_TYPES.map((w) => w.name), weight: WORK_TYPES.map((w) => w.weight), grading_deadline_days: WORK_TYPES.map((w) => w.deadline),
    });
    const [building] = await db.query<{ id: number }>('insert into building (school_id, name, address) values (?, ?, ?) returning id', [schoolId, 'Основное здание', 'Московская область, г. Подольск, ул. Садовая, д. 3']);
    const roomNames = [...new Set(teaching.rooms.values())];
    const roomIds = await db.ids('room', roomNames.length);
    await db.insert('room', [int('id'), int('school_id'), int('building_id'), text('name'), int('capacity')], {
      id: roomIds, school_id: S(roomIds.length), building_id: repeat(building!.id, roomIds.length), name: roomNames, capacity: roomNames.map((r) => (r.startsWith('Спортзал') ? 60 : 30)),
    });
    const roomId = new Map(roomNames.map((r, i) => [r, roomIds[i]!]));

    const { staff, groups, students, guardians, links } = people;
    const staffIds = await db.ids('staff', staff.length);
    await db.insert('staff', [int('id'), int('school_id'), text('last_name'), text('first_name'), text('middle_name'), text('position'), text('email'), text('phone'), col('roles', 'text', 'text[]')], {
      id: staffIds, school_id: S(staff.length), last_name: staff.map((s) => s.lastName), first_name: staff.map((s) => s.firstName), middle_name: staff.map((s) => s.middleName),
      position: staff.map((s) => s.position), email: staff.map((s) => s.email), phone: staff.map((s) => s.phone), roles: staff.map((s) => `{${s.roles.join(',')}}`),
    });
    const staffId = new Map(staff.map((s, i) => [s.key, staffIds[i]!]));
    const groupIds = await db.ids('school_group', groups.length);
    await db.insert('school_group', [int('id'), int('school_id'), int('year_id'), text('name'), int('grade_level'), int('class_teacher_id'), int('bell_schedule_id')], {
      id: groupIds, school_id: S(groups.length), year_id: Y(groups.length), name: groups.map((g) => g.name), grade_level: groups.map((g) => g.grade),
      class_teacher_id: groups.map((g) => staffId.get(g.classTeacher)!), bell_schedule_id: repeat(bells!.id, groups.length),
    });
    const studentIds = await db.ids('student', students.length);
    await db.insert('student', [int('id'), int('school_id'), text('last_name'), text('first_name'), text('middle_name'), date('birth_date'), text('sex'), text('status')], {
      id: studentIds, school_id: S(students.length), last_name: students.map((s) => s.lastName), first_name: students.map((s) => s.firstName), middle_name: students.map((s) => s.middleName),
      birth_date: students.map((s) => s.birthDate), sex: students.map((s) => s.sex), status: students.map((s) => (s.end ? 'expelled' : 'studying')),
    });
    await db.insert('enrollment', [int('school_id'), int('student_id'), int('group_id'), date('start_date'), date('end_date'), text('start_reason'), text('end_reason')], {
      school_id: S(students.length), student_id: studentIds, group_id: students.map((s) => groupIds[s.group]!), start_date: students.map((s) => s.start),
      end_date: students.map((s) => s.end), start_reason: repeat('admission', students.length), end_reason: students.map((s) => (s.end ? 'expulsion' : null)),
    });
    const leavers = students.flatMap((s, i) => (s.end ? [i] : []));
    await db.insert('student_movement', [int('school_id'), text('kind'), int('student_id'), date('date'), text('note')], {
      school_id: S(leavers.length), kind: repeat('expulsion', leavers.length), student_id: leavers.map((i) => studentIds[i]!), date: leavers.map((i) => leftOn(students[i]!)),
      note: repeat('Выбыл в другую школу', leavers.length),
    });
    const guardianIds = await db.ids('guardian', guardians.length);
    await db.insert('guardian', [int('id'), int('school_id'), text('last_name'), text('first_name'), text('middle_name'), text('phone'), text('email')], {
      id: guardianIds, school_id: S(guardians.length), last_name: guardians.map((g) => g.lastName), first_name: guardians.map((g) => g.firstName),
      middle_name: guardians.map((g) => g.middleName), phone: guardians.map((g) => g.phone), email: guardians.map((g) => g.email),
    });
    await db.insert('student_guardian', [int('school_id'), int('student_id'), int('guardian_id'), text('relation')], {
      school_id: S(links.length), student_id: links.map((l) => studentIds[l.student]!), guardian_id: links.map((l) => guardianIds[l.guardian]!), relation: links.map((l) => l.relation),
    });
    const consenting = guardians.flatMap((g, i) => (g.consent ? [i] : []));
    await db.insert('consent', [int('school_id'), int('guardian_id'), text('status'), date('date')], {
      school_id: S(consenting.length), guardian_id: consenting.map((i) => guardianIds[i]!), status: repeat('given', consenting.length), date: repeat(calendar.start, consenting.length),
    });

    // The halves of every class that has a split subject.
    const { assignments, slots } = teaching;
    const splitGroups = [...new Set(assignments.filter((a) => a.half !== null).map((a) => a.group))];
    const subgroupIds = await db.ids('subgroup', splitGroups.length * 2);
    const subgroupOf = new Map(splitGroups.flatMap((g, i) => [[`${g}|1`, subgroupIds[2 * i]!], [`${g}|2`, subgroupIds[2 * i + 1]!]] as const));
    const split = assignments.find((a) => a.half !== null)?.subject.name ?? '';
    await db.insert('subgroup', [int('id'), int('school_id'), int('group_id'), text('name')], {
      id: subgroupIds, school_id: S(subgroupIds.length), group_id: splitGroups.flatMap((g) => [groupIds[g]!, groupIds[g]!]),
      name: splitGroups.flatMap(() => [`${split}, 1 группа`, `${split}, 2 группа`]),
    });
    const members = students.flatMap((s, i) => (subgroupOf.has(`${s.group}|${s.half}`) ? [i] : []));
    await db.insert('subgroup_member', [int('school_id'), int('subgroup_id'), int('student_id')], {
      school_id: S(members.length), subgroup_id: members.map((i) => subgroupOf.get(`${students[i]!.group}|${students[i]!.half}`)!), student_id: members.map((i) => studentIds[i]!),
    });

    const assignmentIds = await db.ids('teaching_assignment', assignments.length);
    await db.insert('teaching_assignment', [int('id'), int('school_id'), int('year_id'), int('teacher_id'), int('subject_id'), int('group_id'), int('subgroup_id'), int('planned_hours')], {
      id: assignmentIds, school_id: S(assignments.length), year_id: Y(assignments.length), teacher_id: assignments.map((a) => staffId.get(a.teacher)!),
      subject_id: assignments.map((a) => subjectId.get(a.subject.name)!), group_id: assignments.map((a) => groupIds[a.group]!),
      subgroup_id: assignments.map((a) => (a.half === null ? null : subgroupOf.get(`${a.group}|${a.half}`)!)), planned_hours: assignments.map((a) => a.plan.length),
    });
    const planStart: number[] = [];
    let planCount = 0;
    for (const a of assignments) {
      planStart.push(planCount);
      planCount += a.plan.length;
    }
    const topicIds = await db.ids('thematic_plan_topic', planCount);
    await db.insert('thematic_plan_topic', [int('id'), int('school_id'), int('assignment_id'), int('position'), text('title'), int('hours')], {
      id: topicIds, school_id: S(planCount), assignment_id: assignments.flatMap((a, i) => repeat(assignmentIds[i]!, a.plan.length)),
      position: assignments.flatMap((a) => a.plan.map((_, k) => k + 1)), title: assignments.flatMap((a) => a.plan), hours: repeat(1, planCount),
    });
    await db.insert('timetable_slot', [int('school_id'), int('assignment_id'), int('group_id'), int('subgroup_id'), int('room_id'), int('weekday'), int('lesson_number'), date('valid_from')], {
      school_id: S(slots.length), assignment_id: slots.map((s) => assignmentIds[s.assignment]!), group_id: slots.map((s) => groupIds[assignments[s.assignment]!.group]!),
      subgroup_id: slots.map((s) => { const a = assignments[s.assignment]!; return a.half === null ? null : subgroupOf.get(`${a.group}|${a.half}`)!; }),
      room_id: slots.map((s) => roomId.get(teaching.rooms.get(assignments[s.assignment]!.teacher)!)!), weekday: slots.map((s) => s.weekday),
      lesson_number: slots.map((s) => s.lessonNumber), valid_from: repeat(calendar.start, slots.length),
    });
    const l = journal.lessons;
    const cw = l.control.flatMap((title, i) => (title === null ? [] : [i]));
    await db.insert('control_work', [int('school_id'), int('assignment_id'), date('date'), text('form'), text('title')], {
      school_id: S(cw.length), assignment_id: cw.map((i) => assignmentIds[l.assignment[i]!]!), date: cw.map((i) => l.date[i]!), form: repeat('Контрольная работа', cw.length),
      title: cw.map((i) => l.control[i]!),
    });
    await writeJournal(db, journal, {
      school: schoolId, assignments: assignmentIds, students: studentIds, workTypes: workTypeIds, periods: periodIds,
      planTopic: (a, hour) => topicIds[planStart[a]! + hour]!,
    });
    // The planner has fresh statistics for the reports that follow.
    for (const table of ['lesson', 'mark', 'lesson_mark_time', 'attendance', 'homework', 'period_mark', 'enrollment', 'teaching_assignment', 'timetable_slot']) await db.query(`analyze "${table}"`);
    const written = performance.now();
    return {
      schoolId, name,
      rows: { school: 1, ...Object.fromEntries(db.written) },
      seconds: { generate: (generated - started) / 1000, write: (written - generated) / 1000 },
    };
  });
}
