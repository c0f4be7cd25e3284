import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardianActor, staffActor, studentActor, type Actor } from '../../core/access/actor.js';
import { AccessDenied, NotFound } from '../../core/base/errors.js';
import { seedLoadSchool } from '../../core/demo/load/seed-load-school.js';
import { diaryMarksScreen } from '../../core/diary/diary-marks-screen.js';
import { marksBetween, subjectRows, type MarksBySubject, type TaughtSubject } from '../../core/diary/diary-marks.js';
import { enrollmentOverlaps, loadMembership, periodFor, type DiaryScope } from '../../core/diary/diary-scope.js';
import { periodInfo } from '../../core/diary/period-info.js';
import { Student } from '../../core/people/student.entity.js';
import { TeachingAssignment } from '../../core/schedule/teaching-assignment.entity.js';
import { School } from '../../core/school/school.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const clock = fixedClock('2026-11-23T09:00:00Z');

/**
 * D1 by subject as the diary read it before the prepared statements (issue 14): the ORM's entities, the
 * scope, `periodFor`, the marks of the period's lessons and the subjects of the student's assignments.
 */
async function asBefore(em: EntityManager, schoolId: number, studentId: number, periodId?: number): Promise<MarksBySubject> {
  const school = await em.findOneOrFail(School, schoolId);
  const student = await em.findOneOrFail(Student, studentId);
  const scope: DiaryScope = { student, school, today: clock.today(school.timeZone), ...(await loadMembership(em, studentId)) };
  const threshold = Number(school.roundingThreshold);
  const period = await periodFor(em, scope, periodId);
  if (!period) return { period: null, roundingThreshold: threshold, subjects: [] };
  const marks = await marksBetween(em, scope, period.startDate, period.endDate);
  const groups = scope.enrollments.filter((e) => enrollmentOverlaps(e, period.startDate, period.endDate)).map((e) => e.group.id);
  const subjects = new Map<number, TaughtSubject>();
  if (groups.length) {
    const assignments = await em.find(TeachingAssignment, {
      school: schoolId, year: period.year.id, group: { $in: groups },
      $or: [{ subgroup: null }, ...(scope.subgroupIds.length ? [{ subgroup: { $in: scope.subgroupIds } }] : [])],
    }, { populate: ['subject'] });
    for (const a of assignments) subjects.set(a.subject.id, { name: a.subject.name, withoutAttestation: a.subject.withoutAttestation });
  }
  return { period: periodInfo(period), roundingThreshold: threshold, subjects: subjectRows(subjects, marks, threshold) };
}

describe('the diary marks screen in two prepared statements (issue 14)', () => {
  let t: TestCore;
  let school: number;
  let other: number;
  let families: { student_id: number; guardian_id: number }[];
  const sql = <T>(query: string, params: unknown[] = []) => t.orm.em.fork().getConnection().execute<T[]>(query, params);
  const screen = (viewer: Actor, studentId: number, periodId?: number) => t.core.unitOfWork(() => diaryMarksScreen(t.orm.em, clock, viewer, studentId, periodId));

  beforeAll(async () => {
    t = await createTestCore({}, clock);
    school = (await seedLoadSchool(t.orm.em.fork(), clock, { students: 60, name: 'Экран отметок', marksPerStudent: 300 })).schoolId;
    other = (await seedLoadSchool(t.orm.em.fork(), clock, { students: 30, name: 'Экран отметок, другая', seed: 2, marksPerStudent: 50 })).schoolId;
    families = await sql(`select distinct on (sg.student_id) sg.student_id, sg.guardian_id from student_guardian sg
      join student s on s.id = sg.student_id and s.status = 'studying'
      where sg.school_id = ? and (select c.status from consent c where c.guardian_id = sg.guardian_id order by c.date desc, c.id desc limit 1) = 'given'
      order by sg.student_id, sg.guardian_id`, [school]);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('gives every student of the school, in every period, what the ORM\'s reading gave', async () => {
    expect(families.length).toBeGreaterThan(40);
    const periods = await sql<{ id: number }>('select id from period where school_id = ? order by start_date, id', [school]);
    let marks = 0;
    // Every third family keeps the run short; each is compared in every period of the year.
    for (const f of families.filter((_, i) => i % 3 === 0)) {
      const guardian = guardianActor({ schoolId: school, guardianId: f.guardian_id });
      for (const periodId of [undefined, ...periods.map((p) => p.id)]) {
        const now = await screen(guardian, f.student_id, periodId);
        expect(now).toEqual(await t.core.unitOfWork(() => asBefore(t.orm.em, school, f.student_id, periodId)));
        marks += now.subjects.reduce((n, s) => n + s.marks.length, 0);
      }
    }
    expect(marks).toBeGreaterThan(1000);
    // The default period is the term of today, and its marks are there.
    const first = await screen(studentActor({ schoolId: school, studentId: families[0]!.student_id }), families[0]!.student_id);
    expect(first.period!.startDate <= '2026-11-23' && first.period!.endDate >= '2026-11-23').toBe(true);
  }, 180_000);

  it('refuses a guardian of another family, of another school, a forged id, staff, and a student asking for another', async () => {
    const [a, b] = families;
    const guardianOfA = guardianActor({ schoolId: school, guardianId: a!.guardian_id });
    await expect(screen(guardianOfA, b!.student_id)).rejects.toBeInstanceOf(AccessDenied);
    await expect(screen(studentActor({ schoolId: school, studentId: a!.student_id }), b!.student_id)).rejects.toBeInstanceOf(AccessDenied);
    // The other school's guardian, about a child of this school: as if it did not exist; and with this school's id claimed, not its child.
    const [stranger] = await sql<{ guardian_id: number }>('select guardian_id from student_guardian where school_id = ? limit 1', [other]);
    await expect(screen(guardianActor({ schoolId: other, guardianId: stranger!.guardian_id }), a!.student_id)).rejects.toBeInstanceOf(NotFound);
    await expect(screen(guardianActor({ schoolId: school, guardianId: stranger!.guardian_id }), a!.student_id)).rejects.toBeInstanceOf(AccessDenied);
    for (const forged of [0, -1, 1.5, Number.NaN, 2 ** 53, 999_999_999]) await expect(screen(guardianOfA, forged)).rejects.toBeInstanceOf(NotFound);
    await expect(screen(guardianOfA, a!.student_id, 999_999_999)).rejects.toBeInstanceOf(NotFound);
    const [director] = await sql<{ id: number }>("select id from staff where school_id = ? and 'director' = any(roles)", [school]);
    await expect(screen(staffActor({ schoolId: school, staffId: director!.id, roles: ['director'], classGroupIds: [], source: 'bot' }), a!.student_id)).rejects.toBeInstanceOf(AccessDenied);
    // The guardian itself still reads its child.
    expect((await screen(guardianOfA, a!.student_id)).subjects.length).toBeGreaterThan(0);
  });

  it('refuses a guardian whose consent is withdrawn, and a child who left school', async () => {
    const f = families[2]!;
    const guardian = guardianActor({ schoolId: school, guardianId: f.guardian_id });
    await sql("insert into consent (guardian_id, school_id, status, date) values (?, ?, 'withdrawn', '2026-11-22')", [f.guardian_id, school]);
    await expect(screen(guardian, f.student_id)).rejects.toBeInstanceOf(AccessDenied);
    await sql("insert into consent (guardian_id, school_id, status, date) values (?, ?, 'given', '2026-11-23')", [f.guardian_id, school]);
    expect((await screen(guardian, f.student_id)).period).not.toBeNull();
    await sql("update student set status = 'expelled' where id = ?", [f.student_id]);
    await expect(screen(guardian, f.student_id)).rejects.toBeInstanceOf(NotFound);
    await sql("update student set status = 'studying' where id = ?", [f.student_id]);
  });
});
