import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { WorkType } from '../../core/school/work-type.entity.js';
import { panelClient } from '../support/panel-client.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { fixedClock } from '../../core/time/clock.js';

describe('the student statement from the panel, over HTTP (D12)', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  const panel = panelClient(() => app);
  const as = async (who: keyof typeof s.logins) => ({ cookie: await panel.login(s.logins[who]) });
  const statement = async (who: keyof typeof s.logins | undefined, studentId: number, query = '') =>
    app.inject({ method: 'GET', url: `/admin/data/statement/${studentId}.pdf${query}`, ...(who ? { headers: await as(who) } : {}) });

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-11-23T09:00:00Z'));
    s = await createSchoolFixture(t.core);
    await t.core.unitOfWork(async () => {
      const em = t.orm.em;
      const workType = em.create(WorkType, { school: s.school.id, name: 'Ответ на уроке', weight: 1 });
      const lesson = em.create(Lesson, { school: s.school.id, assignment: s.assignment.id, date: '2026-10-05', lessonNumber: 1, topic: 'Уравнения' });
      await em.flush();
      em.create(Mark, { school: s.school.id, lesson: lesson.id, student: s.studentA.id, value: 5, workType: workType.id });
      await em.flush();
    });
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('downloads the previous month\'s statement as a PDF for the administrator', async () => {
    const res = await statement('administrator', s.studentA.id);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="statement-${s.studentA.id}-2026-10-01-2026-10-31.pdf"; filename*=UTF-8''${encodeURIComponent('Выписка Алексеев Пётр 01.10.2026–31.10.2026.pdf')}`,
    );
    expect(res.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    const ranged = await statement('administrator', s.studentA.id, '?from=2026-09-01&to=2026-11-23');
    expect(ranged.statusCode).toBe(200);
    expect(ranged.headers['content-disposition']).toContain('2026-09-01-2026-11-23.pdf');
  });

  it('lets the class teacher download its own class\'s student and refuses another class\'s teacher and a subject teacher', async () => {
    expect((await statement('classTeacherA', s.studentA.id)).statusCode).toBe(200);
    const other = await statement('classTeacherB', s.studentA.id);
    expect(other.statusCode).toBe(403);
    expect(other.headers['content-type']).not.toBe('application/pdf');
    expect(other.json().errors).toEqual(['Недостаточно прав для этого действия.']);
    expect((await statement('teacher', s.studentA.id)).statusCode).toBe(403);
    expect((await statement('director', s.studentA.id)).statusCode).toBe(200);
    expect((await statement(undefined, s.studentA.id)).statusCode).not.toBe(200);
  });

  it('explains a bad range, and knows no other school\'s students', async () => {
    const bad = await statement('administrator', s.studentA.id, '?from=2026-06-01&to=2026-08-31');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual(['В этом периоде нет учебного года школы.']);
    const reversed = await statement('administrator', s.studentA.id, '?from=2026-10-31&to=2026-10-01');
    expect(reversed.statusCode).toBe(422);
    expect((await statement('administrator', 999_999)).statusCode).toBe(404);
    expect((await statement('administrator', 0)).statusCode).toBe(404);
  });

  it('offers «Выписка (PDF)» on a student\'s card to those who may use it', async () => {
    const actionsOf = async (who: keyof typeof s.logins) => {
      const res = await app.inject({ method: 'GET', url: `/admin/api/resources/Student/records/${s.studentA.id}/show`, headers: await as(who) });
      return ((res.json().record?.recordActions ?? []) as { name: string }[]).map((a) => a.name);
    };
    expect(await actionsOf('administrator')).toContain('statement');
    expect(await actionsOf('classTeacherA')).toContain('statement');
    expect(await actionsOf('inspector')).toContain('statement');
  });
});
