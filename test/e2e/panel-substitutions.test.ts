import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { systemActor } from '../../core/access/actor.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { panelClient } from '../support/panel-client.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { fixedClock } from '../../core/time/clock.js';

// Monday 23 November 2026.
const NOW = new Date('2026-11-23T09:00:00Z');

describe('substitutions from the panel (C6), over HTTP', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let school: Awaited<ReturnType<typeof createSchoolFixture>>;
  let slotId: number;
  const panel = panelClient(() => app);
  const as = async (who: keyof typeof school.logins) => ({ cookie: await panel.login(school.logins[who]) });
  const post = async (who: keyof typeof school.logins, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/admin/data/substitutions/${slotId}`, headers: await as(who), payload });

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(NOW));
    school = await createSchoolFixture(t.core);
    slotId = (await t.core.unitOfWork(() => t.core.records.create('TimetableSlot', {
      school: school.school.id, assignment: school.assignment.id, group: school.groupA.id, weekday: 1, lessonNumber: 3, validFrom: '2026-09-01',
    }, systemActor('panel'))) as { id: number }).id;
    app = await buildServer(t.core, { botUsername: () => 'school_one_bot' });
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('lets the deputy name a substitute for a day of the slot, list and cancel it', async () => {
    const form = await app.inject({ method: 'GET', url: `/admin/data/substitutions/${slotId}`, headers: await as('deputy') });
    expect(form.statusCode).toBe(200);
    const data = form.json();
    expect(data.slot).toMatchObject({ subject: 'Математика', group: '7А', lessonNumber: 3, weekday: 1 });
    // Teachers only, the slot's own teacher aside.
    expect(data.candidates.map((c: { name: string }) => c.name)).toContain('Другая Мария Ивановна');
    expect(data.candidates.map((c: { id: number }) => c.id)).not.toContain(school.people.teacher.id);
    expect(data.candidates.map((c: { id: number }) => c.id)).not.toContain(school.people.director.id);

    const saved = await post('deputy', { date: '2026-11-30', substituteId: String(school.people.classTeacherB.id) });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().upcoming).toEqual([{ date: '2026-11-30', substituteId: school.people.classTeacherB.id, substitute: 'Другая М. И.' }]);
    const lesson = await t.orm.em.fork().findOneOrFail(Lesson, { assignment: school.assignment.id, date: '2026-11-30', lessonNumber: 3 });
    expect(lesson.substituteTeacher?.id).toBe(school.people.classTeacherB.id);

    const cleared = await post('administrator', { date: '2026-11-30', substituteId: null });
    expect(cleared.json().upcoming).toEqual([]);
  });

  it('refuses a day that is not the slot\'s, and people without the right to edit the timetable', async () => {
    const tuesday = await post('deputy', { date: '2026-12-01', substituteId: String(school.people.classTeacherB.id) });
    expect(tuesday.statusCode).toBe(422);
    expect(tuesday.json().errors).toEqual(['01.12.2026 — не день этого урока по расписанию.']);
    for (const who of ['teacher', 'classTeacherA', 'director'] as const) {
      const res = await post(who, { date: '2026-11-30', substituteId: String(school.people.classTeacherB.id) });
      expect(res.statusCode, who).toBe(403);
    }
    const anonymous = await app.inject({ method: 'POST', url: `/admin/data/substitutions/${slotId}`, payload: { date: '2026-11-30', substituteId: '1' } });
    // Without a login the panel sends the browser to its login page.
    expect(anonymous.statusCode).toBe(302);
    expect(await t.orm.em.fork().count(Lesson, { substituteTeacher: { $ne: null } })).toBe(0);
  });
});
