import type { Core } from '../../core/core.js';
import { WeeklyDigest } from '../../core/notifications/weekly-digest.entity.js';
import { Enrollment } from '../../core/people/enrollment.entity.js';
import { Guardian, StudentGuardian } from '../../core/people/guardian.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { Consent, type ConsentStatus } from '../../core/privacy/consent.entity.js';
import { Period } from '../../core/school/period.entity.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { createSchoolFixture } from './school-fixture.js';
import { ormOf } from './test-core.js';

/**
 * E9's worked example on the school fixture (7А, 7Б; school time zone Europe/Moscow), quarter 1 = 01.09–27.10.2026.
 *
 * 7А: Алексеев (the fixture's; mother Алексеева: consent 01.11, bound 03.11 01:30 Moscow time, both after the quarter), Белов
 * (Белова: consent 01.09, bound 02.09; Белов-father: consent 01.09, never bound), Волков (Волкова: refused),
 * Громов (Громова: consent 05.09, bound 06.09, the binding revoked 01.10), Дёмин (no guardian), Ершов (left
 * 10.10; Ершова: consent and bound). 7Б: Борисов (the fixture's, no guardian), Белова Анна (her mother is
 * the same Белова: one guardian, two classes).
 *
 * Weekly digests (week's Monday, acknowledged?): Белов×Белова 07.09 yes, 14.09 no, 26.10 yes, 02.11 yes;
 * Громов×Громова 07.09 yes, 14.09 no, 19.10 not sent yet; Ершов×Ершова 07.09 yes, 05.10 yes (still in 7А
 * then); Белова Анна×Белова 07.09 no.
 */
export async function createE9Fixture(core: Core) {
  const s = await createSchoolFixture(core);
  const em = ormOf(core).em.fork();
  const school = s.school.id;
  const quarter = em.create(Period, { school, year: s.year.id, type: 'quarter', number: 1, name: '1 четверть', startDate: '2026-09-01', endDate: '2026-10-27' });
  const student = (lastName: string, group: number, firstName = 'Иван', end?: string) => {
    const row = em.create(Student, { school, lastName, firstName, birthDate: '2013-01-01', sex: 'm' as const, ...(end ? { status: 'expelled' as const } : {}) });
    em.create(Enrollment, { school, student: row, group, startDate: '2026-09-01', startReason: 'admission', endDate: end ?? null, endReason: end ? 'expulsion' : null });
    return row;
  };
  const belov = student('Белов', s.groupA.id);
  const volkov = student('Волков', s.groupA.id);
  const gromov = student('Громов', s.groupA.id);
  const demin = student('Дёмин', s.groupA.id);
  const ershov = student('Ершов', s.groupA.id, 'Иван', '2026-10-10');
  const belovaAnna = student('Белова', s.groupB.id, 'Анна');
  const guardian = (lastName: string, children: Student[], relation: 'mother' | 'father' = 'mother') => {
    const row = em.create(Guardian, { school, lastName, firstName: 'Ольга' });
    for (const child of children) em.create(StudentGuardian, { school, student: child, guardian: row, relation });
    return row;
  };
  const belova = guardian('Белова', [belov, belovaAnna]);
  const belovFather = guardian('Белов', [belov], 'father');
  const volkova = guardian('Волкова', [volkov]);
  const gromova = guardian('Громова', [gromov]);
  const ershova = guardian('Ершова', [ershov]);
  await em.flush();
  const consent = (guardianId: number, status: ConsentStatus, date: string) => em.create(Consent, { school, guardian: guardianId, status, date });
  consent(s.guardianA.id, 'given', '2026-11-01');
  consent(belova.id, 'given', '2026-09-01');
  consent(belovFather.id, 'given', '2026-09-01');
  consent(volkova.id, 'refused', '2026-09-01');
  consent(gromova.id, 'given', '2026-09-05');
  consent(ershova.id, 'given', '2026-09-01');
  let telegramId = 7000;
  const bind = async (guardianId: number, createdAt: string, revokedAt?: string) => {
    telegramId += 1;
    await em.upsert(TelegramAccount, { id: telegramId, language: 'ru' }, { onConflictFields: ['id'], onConflictAction: 'ignore' });
    em.create(TelegramBinding, { telegramAccount: telegramId, school, personKind: 'guardian', personId: guardianId, createdAt: new Date(createdAt), revokedAt: revokedAt ? new Date(revokedAt) : null });
  };
  // 01:30 on 03.11 in Moscow: not yet bound at the end of 02.11 there, though it is 02.11 in UTC.
  await bind(s.guardianA.id, '2026-11-02T22:30:00Z');
  await bind(belova.id, '2026-09-02T10:00:00Z');
  await bind(gromova.id, '2026-09-06T10:00:00Z', '2026-10-01T10:00:00Z');
  await bind(ershova.id, '2026-09-02T10:00:00Z');
  const digest = (guardianId: number, studentId: number, weekStart: string, acknowledged: boolean | 'unsent') => em.create(WeeklyDigest, {
    school, guardian: guardianId, student: studentId, weekStart,
    sentAt: acknowledged === 'unsent' ? null : new Date(`${weekStart}T09:00:00Z`),
    acknowledgedAt: acknowledged === true ? new Date(`${weekStart}T18:00:00Z`) : null,
  });
  digest(belova.id, belov.id, '2026-09-07', true);
  digest(belova.id, belov.id, '2026-09-14', false);
  digest(belova.id, belov.id, '2026-10-26', true);
  digest(belova.id, belov.id, '2026-11-02', true);
  digest(gromova.id, gromov.id, '2026-09-07', true);
  digest(gromova.id, gromov.id, '2026-09-14', false);
  digest(gromova.id, gromov.id, '2026-10-19', 'unsent');
  digest(ershova.id, ershov.id, '2026-09-07', true);
  digest(ershova.id, ershov.id, '2026-10-05', true);
  digest(belova.id, belovaAnna.id, '2026-09-07', false);
  await em.flush();
  return { ...s, quarter, students: { belov: belov.id, volkov: volkov.id, gromov: gromov.id, demin: demin.id, ershov: ershov.id, belovaAnna: belovaAnna.id } };
}
