import { afterAll, beforeAll, it } from 'vitest';
import { systemActor } from '../../core/access/actor.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

let t: TestCore;
beforeAll(async () => { t = await createTestCore(); });
afterAll(async () => { await t.close(); });

it('scratch', async () => {
  const core = t.core;
  const a = systemActor('import');
  const step = async (label: string, f: () => Promise<any>) => { try { const r = await core.unitOfWork(f); console.log(label, r.id); return r; } catch (e: any) { console.log(label, 'FAILED', e.message, e.problems, e.stack); } };
  const school = await step('school', () => core.records.create('School', { name: 'Школа 1', timeZone: 'Europe/Moscow', quietHoursStart: '21:00', quietHoursEnd: '08:00', roundingThreshold: '0.5', homeworkDeadlineMinutes: '90', inviteTtlDays: '14', markEditWindow: '2w', language: 'ru' }, a));
  await step('staff', () => core.records.create('Staff', { school: school.id, lastName: 'Сидорова', firstName: 'Анна', roles: ['teacher'] }, a));
  await step('staff2', () => core.records.create('Staff', { school: school.id, lastName: 'Сидорова', firstName: 'Анна', roles: 'teacher,deputy' }, a));
  await step('staff3', () => core.records.create('Staff', { school: school.id, lastName: 'Сидорова', firstName: 'Анна', roles: ['teacher', 'deputy'] }, a));
});
