import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor, systemActor, type Actor } from '../../core/access/actor.js';
import { AccessDenied, NotFound, ValidationFailed, type DomainError } from '../../core/base/errors.js';
import type { PersonData } from '../../core/privacy/person-exports.js';
import { fixedClock } from '../../core/time/clock.js';
import { createJournalFixture, type JournalFixture } from '../support/journal-fixture.js';
import { bindTelegram } from '../support/notification-fixture.js';
import { pdfText } from '../support/pdf-text.js';
import { databaseUrl } from '../support/test-app.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/** A person's data on request (152-ФЗ art. 14): what the files hold, who may make them, and the audit line. */
let t: TestCore;
let s: JournalFixture;
const sys = systemActor('panel');
const unit = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
const failure = (work: Promise<unknown>) => work.then(() => { throw new Error('not refused'); }, (e: unknown) => e as DomainError);
const section = (data: PersonData, key: string) => data.sections.find((x) => x.key === key)!.rows;
const as = (role: 'administrator' | 'director' | 'deputy' | 'teacher' | 'inspector', school: Pick<JournalFixture, 'school' | 'people'> = s): Actor =>
  staffActor({ schoolId: school.school.id, staffId: school.people[role].id, roles: [role], classGroupIds: [], source: 'panel' });

beforeAll(async () => {
  t = await createTestCore({}, fixedClock('2026-11-23T09:00:00Z'));
  s = await createJournalFixture(t.core);
  await unit(() => t.core.consents.record(s.guardianA.id, 'given', '2026-09-01', sys, 'Заявление от 01.09'));
  await bindTelegram(t.orm.em.fork(), s.school.id, 'guardian', s.guardianA.id, 8101);
  await bindTelegram(t.orm.em.fork(), s.school.id, 'staff', s.people.teacher.id, 8102);
  const guardian = { kind: 'guardian' as const, schoolId: s.school.id, personId: s.guardianA.id, roles: new Set(['guardian' as const]), classGroupIds: [], source: 'bot' as const };
  await unit(() => t.core.messages.write(guardian, s.studentA.id, s.people.teacher.id, 'Пётр завтра придёт позже'));
});
afterAll(() => t?.close());

describe('person:export (152-ФЗ art. 14)', () => {
  it('a student: its record, classes, parents, marks, absences, period marks, homework and the audit lines about it', async () => {
    const made = await unit(() => t.core.personExports.export('student', s.studentA.id, as('director')));
    const { data } = made;
    expect(data.person).toMatchObject({ id: s.studentA.id, lastName: 'Алексеев', firstName: 'Пётр', birthDate: '2013-04-05', pseudonymNo: null });
    expect(section(data, 'enrollments')).toEqual([{ group: '7А', startDate: '2026-09-01', endDate: null, startReason: 'admission', endReason: null }]);
    expect(section(data, 'guardians')).toEqual([{ relation: 'mother', guardian: 'Алексеева Анна' }]);
    // The fixture gives Алексеев 5, 5/4, 3 and a 2; the quarter's 4.
    expect(section(data, 'marks').map((m) => [m.date, m.value, m.second])).toEqual([
      ['2026-09-07', 5, null], ['2026-09-21', 5, 4], ['2026-10-05', 3, null], ['2026-11-09', 2, null],
    ]);
    expect(section(data, 'periodMarks')).toEqual([{ subject: 'Математика', period: '1 четверть', value: '4', deferredUntil: null }]);
    expect(section(data, 'threads')).toMatchObject([{ guardian: 'Алексеева Анна', student: 'Алексеев Пётр', messages: 1 }]);
    expect(section(data, 'messages')).toMatchObject([{ author: 'guardian', text: 'Пётр завтра придёт позже' }]);
    expect(section(data, 'audit').map((a) => [a.action, a.entity].join(' '))).toEqual(expect.arrayContaining(['create Student', 'create Enrollment', 'create StudentGuardian']));
    expect(made.json.toString('utf8')).toContain('"lastName": "Алексеев"');
    expect(made.pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(made.basename).toBe(`person-student-${s.studentA.id}-2026-11-23`);
  });

  it('a parent: its consents, children, Telegram binding and letters; the PDF reads it in Russian or English', async () => {
    const { data } = await unit(() => t.core.personExports.export('guardian', s.guardianA.id, sys, { compress: false }));
    expect(data.person).toMatchObject({ lastName: 'Алексеева', phone: '+7 900 000-00-01' });
    expect(section(data, 'consents')).toMatchObject([{ status: 'given', date: '2026-09-01', note: 'Заявление от 01.09' }]);
    expect(section(data, 'children')).toEqual([{ relation: 'mother', student: 'Алексеев Пётр' }]);
    expect(section(data, 'telegramBindings')).toMatchObject([{ telegramAccount: '8101', revokedAt: null }]);
    expect(section(data, 'messages')).toHaveLength(1);
    const ru = pdfText((await unit(() => t.core.personExports.export('guardian', s.guardianA.id, sys, { compress: false }))).pdf);
    for (const text of ['Сведения о персональных данных', 'Реестр согласий на обработку ПДн: 1', 'Алексеева', 'Заявление от 01.09']) expect(ru).toContain(text);
    const en = pdfText((await unit(() => t.core.personExports.export('guardian', s.guardianA.id, sys, { language: 'en', compress: false }))).pdf);
    expect(en).toContain('Consent registry: 1');
  });

  it('a member of staff: its panel account (never the password\'s hash), its teaching load and its letters', async () => {
    const made = await unit(() => t.core.personExports.export('staff', s.people.teacher.id, as('administrator')));
    expect(section(made.data, 'panelAccount')).toMatchObject([{ email: s.logins.teacher, disabledAt: null }]);
    expect(section(made.data, 'assignments')).toMatchObject([{ subject: 'Математика', group: '7А', plannedHours: 170 }]);
    expect(section(made.data, 'threads')).toHaveLength(1);
    expect(made.json.toString('utf8')).not.toMatch(/password_?hash|\$argon2/i);
  });

  it('is audited as an export, with the counts and without the data', async () => {
    const [line] = await t.orm.em.fork().execute<{ actor_staff_id: number; after: Record<string, unknown> }[]>(
      `select actor_staff_id, after from audit_entry where action = 'export' and entity = 'Student' and entity_id = ? order by id desc limit 1`, [String(s.studentA.id)]);
    expect(line!.actor_staff_id).toBe(s.people.director.id);
    expect(line!.after).toMatchObject({ language: 'ru', sections: { marks: 4, periodMarks: 1 } });
    expect(JSON.stringify(line!.after)).not.toContain('Алексеев');
  });

  it('shows a pseudonymised person as its code', async () => {
    const other = s.other;
    await unit(() => t.core.consents.withdraw(other.guardianA.id, '2026-11-01', sys));
    const { data } = await unit(() => t.core.personExports.export('student', other.studentA.id, sys, { language: 'en' }));
    expect(data.person).toMatchObject({ lastName: 'Ученик 1', firstName: '', pseudonymNo: 1 });
    expect(section(data, 'guardians')).toEqual([{ relation: 'mother', guardian: 'Parent 1' }]);
    expect(JSON.stringify(data)).not.toMatch(/Алексеев/);
  });

  it('is refused to the deputy, an inspector and a teacher, to another school\'s administrator, for a made-up id and an unknown kind', async () => {
    for (const role of ['deputy', 'inspector', 'teacher'] as const) {
      expect(await failure(unit(() => t.core.personExports.export('student', s.studentA.id, as(role))))).toBeInstanceOf(AccessDenied);
    }
    expect(await failure(unit(() => t.core.personExports.export('student', s.studentA.id, as('administrator', s.other))))).toBeInstanceOf(NotFound);
    expect(await failure(unit(() => t.core.personExports.export('guardian', 987654, sys)))).toBeInstanceOf(NotFound);
    expect(await failure(unit(() => t.core.personExports.export('admin', 1, sys)))).toBeInstanceOf(ValidationFailed);
  });

  it('npm run cli -- person:export writes the PDF and the JSON into --out, and refuses a teacher\'s --as', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-person-'));
    const root = path.resolve(import.meta.dirname, '../..');
    const cli = (args: string[]) => promisify(execFile)(process.execPath, ['--import', 'tsx', 'cli.ts', 'person:export', ...args], {
      cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl(t.database.connection), NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    });
    try {
      const { stdout } = await cli(['student', String(s.studentA.id), '--out', dir]);
      expect(stdout).toContain('Сохранено:');
      const files = (await fs.readdir(dir)).sort();
      expect(files.map((f) => path.extname(f))).toEqual(['.json', '.pdf']);
      const json = JSON.parse(await fs.readFile(path.join(dir, files[0]!), 'utf8')) as PersonData;
      expect(json.person.lastName).toBe('Алексеев');
      await expect(cli(['student', String(s.studentA.id), '--out', dir, '--as', s.logins.teacher]))
        .rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Недостаточно прав') });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
