import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/access/actor.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { MovableClock } from '../../core/time/clock.js';
import { recordConsent } from '../support/notification-fixture.js';
import { pdfText } from '../support/pdf-text.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/** Issue 16 point 1: an archive made after a withdrawal of consent shows only the pseudonym (G3). */
describe('the year-end archive after a withdrawal of consent', () => {
  let t: TestCore;
  let dir: string;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  const clock = new MovableClock('2026-11-23T09:00:00Z');
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-withdrawal-archive-'));
    t = await createTestCore({ ARCHIVE_DIR: path.join(dir, 'archive'), KEYS_DIR: path.join(dir, 'keys') }, clock);
    s = await createSchoolFixture(t.core);
    const sys = systemActor('cli');
    const workType = (await run(() => t.core.records.create('WorkType', { school: s.school.id, name: 'Ответ на уроке', weight: 1 }, sys))) as { id: number };
    await run(() => t.core.records.create('Period', { school: s.school.id, year: s.year.id, type: 'quarter', number: 2, name: '2 четверть', startDate: '2026-11-05', endDate: '2026-12-28' }, sys));
    const teacher = (await staffActorFor(t.orm.em.fork(), s.people.teacher.id, 'bot'))!;
    const lesson = await run(() => t.core.journal.lessons.openLesson(s.assignment.id, '2026-11-23', 1, teacher));
    await run(() => t.core.journal.marks.giveMark(lesson.id, s.studentA.id, 5, { workTypeId: workType.id }, teacher));
    await recordConsent(t.orm.em.fork(), s.school.id, s.guardianA.id, 'given');
    // The only parent withdraws: the child becomes «Ученик 1».
    await run(() => t.core.consents.withdraw(s.guardianA.id, '2026-11-23', sys, 'Письменный отзыв'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('names «Ученик 1» in the journal and in the summary sheet, and nowhere the child\'s or the parent\'s name', async () => {
    clock.set('2027-06-15T09:00:00Z');
    const director = (await staffActorFor(t.orm.em.fork(), s.people.director.id, 'panel'))!;
    const made = await run(() => t.core.archives.make(s.groupA.id, director, { compress: false }));
    expect(made.map((r) => r.kind)).toEqual(['journal', 'summary']);
    for (const row of made) {
      const text = pdfText(await fs.readFile(t.core.archives.store.resolve(row.path)));
      expect(text, row.kind).toContain('Ученик 1');
      expect(text, row.kind).not.toMatch(/Алексеев|Алексеева/);
    }
  });
});
