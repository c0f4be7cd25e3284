import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor, systemActor, type Actor } from '../../core/access/actor.js';
import { AccessDenied, NotFound, ValidationFailed, type DomainError } from '../../core/base/errors.js';
import { readTable } from '../../core/imports/read-table.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { Guardian, StudentGuardian } from '../../core/people/guardian.entity.js';
import { Student } from '../../core/people/student.entity.js';
import type { Cell, ReportTable } from '../../core/reports/report-model.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { Invite } from '../../core/telegram/invite.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { createJournalFixture, type JournalFixture } from '../support/journal-fixture.js';
import { bindTelegram } from '../support/notification-fixture.js';
import { pdfText } from '../support/pdf-text.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/**
 * G3 on a real database: a withdrawal ends the guardian's access, pseudonymises it (and its child, unless
 * another guardian's consent stands) in the rows, the audit log, the outbox and free text, keeps the journal,
 * and everything made afterwards — reports, exports, statements, the journal page — shows only the codes.
 */
let t: TestCore;
let s: JournalFixture;
const sys = systemActor('panel');
const unit = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
const em = () => t.orm.em.fork();
const failure = (work: Promise<unknown>) => work.then(() => { throw new Error('not refused'); }, (e: unknown) => e as DomainError);
const plain = (c: Cell) => (c.type === 'empty' ? null : c.value);
const texts = (table: ReportTable) => JSON.stringify(table.sections.map((x) => x.rows.map((r) => r.map(plain))));

let mother: number;
let father: number;
const MOTHER = 'Алексеева Анна Сергеевна';
const FATHER = 'Алексеев Павел Игоревич';
const CHILD = 'Алексеев Пётр';

/**
 * Every text, varchar and jsonb value of the school's rows (and of the rows no school owns) that contains
 * `needle`: «the real name must not remain anywhere queryable».
 */
async function whereStands(needle: string): Promise<string[]> {
  const columns = await em().execute<{ table_name: string; column_name: string }[]>(
    `select c.table_name, c.column_name from information_schema.columns c join information_schema.tables tb on tb.table_name = c.table_name and tb.table_schema = c.table_schema
      where c.table_schema = 'public' and tb.table_type = 'BASE TABLE' and c.data_type in ('text', 'character varying', 'jsonb') and c.table_name <> 'mikro_orm_migrations'`);
  const withSchool = new Set((await em().execute<{ table_name: string }[]>(
    `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'school_id'`)).map((r) => r.table_name));
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const own = withSchool.has(table) ? ` and (school_id = ${s.school.id} or school_id is null)` : '';
    const [row] = await em().execute<{ n: string }[]>(`select count(*) as n from "${table}" where "${column}"::text ilike ?${own}`, [`%${needle}%`]);
    if (Number(row!.n) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

beforeAll(async () => {
  t = await createTestCore({}, fixedClock('2026-11-23T09:00:00Z'));
  s = await createJournalFixture(t.core);
  await unit(async () => {
    await t.core.records.update('Guardian', s.guardianA.id, { firstName: 'Анна', middleName: 'Сергеевна', email: 'anna@example.ru' }, sys);
    const f = await t.core.records.create('Guardian', { school: s.school.id, lastName: 'Алексеев', firstName: 'Павел', middleName: 'Игоревич', phone: '+7 900 111-22-33' }, sys);
    await t.core.records.create('StudentGuardian', { school: s.school.id, student: s.studentA.id, guardian: f.id, relation: 'father' }, sys);
    mother = s.guardianA.id;
    father = f.id;
    await t.core.consents.record(mother, 'given', '2026-09-01', sys, `Заявление ${MOTHER}`);
    await t.core.consents.record(father, 'given', '2026-09-01', sys);
  });
  const e = em();
  await bindTelegram(e, s.school.id, 'guardian', mother, 7001);
  await bindTelegram(e, s.school.id, 'guardian', father, 7002);
  await bindTelegram(e, s.school.id, 'student', s.studentA.id, 7003);
  await bindTelegram(e, s.school.id, 'staff', s.people.teacher.id, 7004);
  // The father's phone is also the teacher's: the account stays, switched off the father's binding.
  await bindTelegram(e, s.school.id, 'staff', s.people.director.id, 7002);
  await unit(() => t.core.invites.issue('guardian', mother, sys));
  await unit(() => t.core.invites.issue('student', s.studentA.id, sys));
  // The mother writes to the teacher, signing with her name; the teacher's notification waits in the outbox.
  const guardian = { kind: 'guardian' as const, schoolId: s.school.id, personId: mother, roles: new Set(['guardian' as const]), classGroupIds: [], source: 'bot' as const };
  await unit(() => t.core.messages.write(guardian, s.studentA.id, s.people.teacher.id, `Добрый день! Пётр болел. ${MOTHER}`));
  // A mark notice waits for the family (the mother, the father, the student).
  await unit(async () => {
    const m = t.orm.em;
    await t.core.outbox.enqueue(m, { schoolId: s.school.id, kind: 'mark', studentId: s.studentA.id, payload: { studentName: CHILD, value: 5 }, eventKey: 'mark:test:1' });
    await m.flush();
  });
});
afterAll(() => t?.close());

const teacher = (): Actor => staffActor({ schoolId: s.school.id, staffId: s.people.teacher.id, roles: ['teacher'], classGroupIds: [], source: 'panel' });
const classTeacherB = (): Actor => staffActor({ schoolId: s.school.id, staffId: s.people.classTeacherB.id, roles: ['teacher'], classGroupIds: [s.groupB.id], source: 'panel' });
const otherAdmin = (): Actor => staffActor({ schoolId: s.other.school.id, staffId: s.other.people.administrator.id, roles: ['administrator'], classGroupIds: [], source: 'panel' });

describe('withdrawal of consent (G3)', () => {
  it('is refused to a teacher, to another class\'s class teacher, to another school\'s administrator and for a made-up guardian', async () => {
    expect(await failure(unit(() => t.core.consents.withdraw(mother, undefined, teacher())))).toBeInstanceOf(AccessDenied);
    expect(await failure(unit(() => t.core.consents.withdraw(mother, undefined, classTeacherB())))).toBeInstanceOf(AccessDenied);
    expect(await failure(unit(() => t.core.consents.withdraw(mother, undefined, otherAdmin())))).toBeInstanceOf(NotFound);
    expect(await failure(unit(() => t.core.consents.withdraw(987654, undefined, sys)))).toBeInstanceOf(NotFound);
    expect((await em().findOneOrFail(Guardian, mother)).pseudonymNo).toBeNull();
  });

  it('refuses a withdrawal dated before the registry\'s latest line', async () => {
    const err = await failure(unit(() => t.core.consents.withdraw(mother, '2026-08-01', sys)));
    expect(err).toBeInstanceOf(ValidationFailed);
    expect(err.problems[0]!.key).toBe('withdrawalBeforeLatestLine');
  });

  it('the mother withdraws: her access ends, she is «Родитель 1»; the child keeps its name (the father consents)', async () => {
    const classTeacherA = staffActor({ schoolId: s.school.id, staffId: s.people.classTeacherA.id, roles: ['teacher'], classGroupIds: [s.groupA.id], source: 'panel' });
    const { withdrawal } = await unit(() => t.core.consents.withdraw(mother, undefined, classTeacherA, 'Письменный отзыв'));
    expect(withdrawal.guardian).toEqual({ id: mother, pseudonymNo: 1 });
    expect(withdrawal.studentsPseudonymised).toEqual([]);
    expect(withdrawal.studentsKeepingNames).toEqual([s.studentA.id]);
    expect(withdrawal.bindingsEnded).toBe(1);
    expect(withdrawal.invitesRevoked).toBe(1);

    const e = em();
    const g = await e.findOneOrFail(Guardian, mother);
    expect([g.lastName, g.firstName, g.middleName, g.phone, g.email, g.pseudonymNo]).toEqual(['Родитель 1', '', null, null, null, 1]);
    expect(await e.count(TelegramBinding, { personKind: 'guardian', personId: mother })).toBe(0);
    expect(await e.findOne(TelegramAccount, 7001)).toBeNull();
    expect(await e.count(Invite, { personKind: 'guardian', personId: mother, revokedAt: null, usedAt: null })).toBe(0);
    expect(await e.count(Notification, { personKind: 'guardian', personId: mother })).toBe(0);
    // The link to the child stays (it is «Родитель 1»'s); the child and the journal are untouched.
    expect(await e.count(StudentGuardian, { guardian: mother })).toBe(1);
    expect((await e.findOneOrFail(Student, s.studentA.id)).lastName).toBe('Алексеев');
    // The teacher still gets the letter, from «Родитель 1».
    const letter = await e.findOneOrFail(Notification, { personKind: 'staff', kind: 'message' });
    expect(letter.payload.from).toBe('Родитель 1');
    expect(String(letter.payload.text)).toContain('Пётр болел. Родитель 1');
    for (const form of [MOTHER, 'Алексеева Анна', 'anna@example.ru', '+7 900 000-00-01']) expect(await whereStands(form), form).toEqual([]);
  });

  it('refuses a second withdrawal, or any line, for a guardian already withdrawn', async () => {
    for (const status of ['withdrawn', 'given'] as const) {
      const err = await failure(unit(() => t.core.consents.record(mother, status, undefined, sys)));
      expect(err).toBeInstanceOf(ValidationFailed);
      expect(err.problems[0]!.key).toBe('consentAlreadyWithdrawn');
    }
    const invite = await failure(unit(() => t.core.invites.issue('guardian', mother, sys)));
    expect(invite.problems[0]!.key).toBe('invitePseudonymised');
    const rename = await failure(unit(() => t.core.records.update('Guardian', mother, { lastName: 'Алексеева', phone: '+7 900 000-00-01' }, sys)));
    expect(rename.problems.map((p) => p.field).sort()).toEqual(['lastName', 'phone']);
  });

  it('the father withdraws too: «Родитель 2», and the child becomes «Ученик 1»; its marks, absences and period marks stay', async () => {
    const before = await journalOf(s.studentA.id);
    const { withdrawal } = await unit(() => t.core.consents.withdraw(father, undefined, sys));
    expect(withdrawal.guardian.pseudonymNo).toBe(2);
    expect(withdrawal.studentsPseudonymised).toEqual([{ id: s.studentA.id, pseudonymNo: 1 }]);
    const e = em();
    const child = await e.findOneOrFail(Student, s.studentA.id);
    expect([child.lastName, child.firstName, child.middleName, child.pseudonymNo, child.birthDate]).toEqual(['Ученик 1', '', null, 1, '2013-04-05']);
    expect(await journalOf(s.studentA.id)).toEqual(before);
    expect(before.marks).toBeGreaterThan(0);
    // The student's own access ends; the account the father shared with the director stays, as the director's.
    expect(await e.count(TelegramBinding, { personKind: 'student', personId: s.studentA.id })).toBe(0);
    expect(await e.findOne(TelegramAccount, 7003)).toBeNull();
    expect(await e.findOne(TelegramAccount, 7002)).not.toBeNull();
    expect(await e.find(TelegramBinding, { telegramAccount: 7002 }, { fields: ['personKind'] })).toMatchObject([{ personKind: 'staff' }]);
    expect(await e.count(Notification, { studentId: s.studentA.id, personKind: { $in: ['guardian', 'student'] } })).toBe(0);
    for (const form of [FATHER, CHILD, 'Пётр Алексеев', '+7 900 111-22-33']) expect(await whereStands(form), form).toEqual([]);
    // The audit log keeps the events, without a name.
    const lines = await e.execute<{ entity: string; after: Record<string, unknown> }[]>(`select entity, after from audit_entry where action = 'withdrawal' order by id`);
    expect(lines.map((l) => [l.entity, l.after.pseudonymNo])).toEqual([['Guardian', 1], ['Student', 1], ['Guardian', 2]]);
  });

  it('N is stable: a guardian of another child gets the next numbers, the earlier ones do not move', async () => {
    const other = await unit(async () => {
      const g = await t.core.records.create('Guardian', { school: s.school.id, lastName: 'Егорова', firstName: 'Ирина' }, sys);
      await t.core.records.create('StudentGuardian', { school: s.school.id, student: s.students.egorov, guardian: g.id, relation: 'mother' }, sys);
      return g.id;
    });
    const { withdrawal } = await unit(() => t.core.consents.withdraw(other, undefined, sys));
    expect(withdrawal.guardian.pseudonymNo).toBe(3);
    expect(withdrawal.studentsPseudonymised).toEqual([{ id: s.students.egorov, pseudonymNo: 2 }]);
    const e = em();
    expect((await e.findOneOrFail(Student, s.studentA.id)).pseudonymNo).toBe(1);
    expect((await e.findOneOrFail(Guardian, mother)).pseudonymNo).toBe(1);
    expect((await e.findOneOrFail(Guardian, father)).pseudonymNo).toBe(2);
    // Another school numbers its own from 1.
    const { withdrawal: there } = await unit(() => t.core.consents.withdraw(s.other.guardianA.id, undefined, sys));
    expect(there.guardian.pseudonymNo).toBe(1);
    expect(there.studentsPseudonymised).toEqual([{ id: s.other.studentA.id, pseudonymNo: 1 }]);
  });

  it('leaves a namesake alone: another family\'s «Иванова Мария» keeps her name and her own notes', async () => {
    const guardianOf = (studentId: number, note: string) => unit(async () => {
      const g = await t.core.records.create('Guardian', { school: s.school.id, lastName: 'Иванова', firstName: 'Мария' }, sys);
      await t.core.records.create('StudentGuardian', { school: s.school.id, student: studentId, guardian: g.id, relation: 'mother' }, sys);
      await t.core.consents.record(g.id, 'given', '2026-09-01', sys, note);
      return g.id;
    });
    const leaving = await guardianOf(s.students.yolkin, 'Заявление: Иванова Мария');
    const staying = await guardianOf(s.students.efimov, 'Заявление: Иванова Мария');
    await unit(() => t.core.consents.withdraw(leaving, undefined, sys));
    const notes = await em().execute<{ guardian_id: number; note: string }[]>('select guardian_id, note from consent where guardian_id in (?) and note is not null order by id', [[leaving, staying]]);
    expect(notes).toEqual([{ guardian_id: leaving, note: 'Заявление: Родитель 4' }, { guardian_id: staying, note: 'Заявление: Иванова Мария' }]);
    expect((await em().findOneOrFail(Guardian, staying)).lastName).toBe('Иванова');
  });

  describe('what is made afterwards shows only the pseudonyms', () => {
    const range = { from: '2026-09-01', to: '2026-11-20' };
    const inSchool = (params: Record<string, unknown>) => ({ school: s.school.id, ...params });
    it('E1 and E4, in Russian and in English', async () => {
      const e1 = await unit(() => t.core.reports.make('E1', inSchool({ period: s.periods.q1 }), sys, 'csv'));
      expect(texts(e1.table)).toContain('Ученик 1');
      expect(texts(e1.table)).not.toContain('Алексеев');
      const e4 = await unit(() => t.core.reports.make('E4', inSchool(range), sys, 'pdf', { compress: false }));
      expect(texts(e4.table)).toContain('Ученик 1');
      expect(pdfText(e4.file)).toContain('Ученик 1');
      expect(pdfText(e4.file)).not.toContain('Алексеев');
      const english = await unit(() => t.core.reports.make('E4', inSchool(range), sys, 'csv', { language: 'en' }));
      expect(texts(english.table)).toContain('Student 1');
      expect(english.file.toString('utf8')).not.toContain('Алексеев');
    });

    it('the statement, the journal page and its print, the export of students and of their parents', async () => {
      const statement = await unit(() => t.core.statements.pdf(s.studentA.id, sys, { range, compress: false }));
      expect(statement.statement.studentName).toBe('Ученик 1');
      expect(pdfText(statement.file)).toContain('Ученик 1');
      expect(statement.filename).toContain('Ученик 1');
      const english = await unit(() => t.core.statements.pdf(s.studentA.id, sys, { range, language: 'en', compress: false }));
      expect(pdfText(english.file)).toContain('Student 1');

      const page = await unit(() => t.core.journalPages.page(s.assignment.id, s.periods.q1, sys));
      expect(page.students.map((x) => x.name)).toContain('Ученик 1');
      expect(JSON.stringify(page)).not.toContain('Алексеев');
      const print = await unit(() => t.core.journalPages.print(s.assignment.id, s.periods.q1, 'pdf', sys, { language: 'en', compress: false }));
      expect(pdfText(print.file)).toContain('Student 1');

      const students = await unit(() => t.core.exportList('Student', sys, 'csv', { schoolId: s.school.id }));
      const table = await readTable(students, 'csv');
      expect(JSON.stringify(table)).toContain('Ученик 1');
      expect(JSON.stringify(table)).not.toContain('Алексеев');
      const parents = (await unit(() => t.core.exportList('Guardian', sys, 'csv', { schoolId: s.school.id }))).toString('utf8');
      expect(parents).toContain('Родитель 1');
      expect(parents).toContain('Родитель 2');
      expect(parents).not.toMatch(/Алексеев|anna@|111-22-33/);
    });
  });
});

async function journalOf(studentId: number) {
  const count = async (table: string) => Number((await em().execute<{ n: string }[]>(`select count(*) as n from ${table} where student_id = ?`, [studentId]))[0]!.n);
  return { marks: await count('mark'), attendance: await count('attendance'), periodMarks: await count('period_mark') };
}
