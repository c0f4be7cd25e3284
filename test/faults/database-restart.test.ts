import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeJournal } from '../../bot/callback-data/journal.js';
import { Attendance } from '../../core/journal/attendance.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { recordFigures } from './support/figures.js';
import { leakyLines } from './support/leaky-lines.js';
import { startScenario, type Scenario } from './support/scenario.js';
import { stoppablePostgres, type StoppablePostgres } from './support/stoppable-postgres.js';
import { waitUntil } from './support/wait-until.js';
import { deliverByWebhook, type Delivery } from './support/webhook-telegram.js';

const TEACHER = 7002;
const STUDENTS = 12;
const LESSONS = 3;
/** How long PostgreSQL stays down. */
const OUTAGE_MS = Number(process.env.FAULTS_DB_OUTAGE_MS ?? 10_000);
/** One tap every so often, before, during and after the outage. */
const TAP_EVERY_MS = 250;

/**
 * Issue 12: PostgreSQL is stopped (as a service restart stops it: every connection ended) for ten seconds
 * and started again while a teacher's taps reach the product by webhook, and Telegram (this test) delivers
 * again whatever was not answered 2xx. While the database is down the webhook must refuse the updates
 * (503) rather than take and drop them, /healthz must say the database is down, and no log line may carry
 * SQL or a person's name; after the restart every tap must be in the journal exactly once.
 */
describe('PostgreSQL stopped and started again under load', () => {
  let scenario: Scenario<StoppablePostgres>;

  beforeAll(async () => {
    scenario = await startScenario({ students: STUDENTS, database: stoppablePostgres, webhook: true });
    await scenario.start();
    await scenario.greetTeacher(TEACHER);
  });

  afterAll(() => scenario?.teardown());

  it('refuses updates while the database is down, says so on /healthz, and applies every tap once after', async () => {
    const { emulator, side, em, product, database: pg, webhook, school: { assignment: assignmentId, workType: workTypeId, teacher, today } } = scenario;
    const students = scenario.school.students.map((s) => s.id);
    const lessons: number[] = [];
    for (let n = 1; n <= LESSONS; n++) {
      lessons.push((await side.core.unitOfWork(() => side.core.journal.lessons.openLesson(assignmentId, today, n, teacher))).id);
    }
    const anchor = emulator.transcript(TEACHER).filter((m) => m.from === 'bot').at(-1)!;
    const taps: Update[] = lessons.flatMap((lessonId) => students.flatMap((studentId) => [
      encodeJournal('mg', { lessonId, studentId, workTypeId, value: 4, second: 0, seen: 0 }),
      encodeJournal('rs', { lessonId, studentId, version: 0, code: 3, page: 0 }),
    ])).map((data) => emulator.pressButton(TEACHER, anchor.messageId, data, { forged: true, queue: false }));

    const deliveries: Delivery[] = [];
    const sending = (async () => {
      for (const tap of taps) {
        deliveries.push(deliverByWebhook(webhook, tap));
        await new Promise((r) => setTimeout(r, TAP_EVERY_MS));
      }
    })();

    // A quarter of the taps in, the database goes away for OUTAGE_MS.
    await waitUntil(() => deliveries.length >= taps.length / 4, 60_000);
    const logLinesBefore = product.logs().length;
    await pg.stop();
    const down = { started: Date.now(), health: [] as { status: number; database?: string }[] };
    while (Date.now() - down.started < OUTAGE_MS) {
      const res = await fetch(`${product.url}/healthz`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
      const body = res ? await res.json().catch(() => ({})) as { database?: { status?: string } } : {};
      down.health.push({ status: res?.status ?? 0, database: body.database?.status });
      await new Promise((r) => setTimeout(r, 500));
    }
    const triesWhileDown = deliveries.flatMap((d) => d.statuses).length;
    const refusedWhileDown = deliveries.flatMap((d) => d.statuses).filter((s) => s === 503).length;
    await pg.start();
    const restartedAt = Date.now();

    await sending;
    await Promise.all(deliveries.map((d) => d.done));
    // From the restart to the first refused update taken: how soon the product uses the database again.
    const resumedAfterMs = Math.min(...deliveries.filter((d) => d.statuses.includes(503)).map((d) => d.takenAt!)) - restartedAt;
    const health = await fetch(`${product.url}/healthz`).then((r) => r.status);

    let lost = 0;
    let doubled = 0;
    for (const lessonId of lessons) {
      for (const studentId of students) {
        const marks = await em().count(Mark, { lesson: lessonId, student: studentId });
        const late = await em().count(Attendance, { lesson: lessonId, student: studentId, code: 'op' });
        lost += (marks === 0 ? 1 : 0) + (late === 0 ? 1 : 0);
        doubled += Math.max(0, marks - 1) + Math.max(0, late - 1);
      }
    }
    const statuses = deliveries.flatMap((d) => d.statuses);
    const leaks = leakyLines(product.output(), ['Ученик', 'Родитель', 'Учителева']);
    const outageLogLines = product.logs().length - logLinesBefore;
    const figures = {
      tries: 1, updates: taps.length, outageSeconds: OUTAGE_MS / 1000, webhookTries: statuses.length,
      refused503: statuses.filter((s) => s === 503).length, otherErrors: statuses.filter((s) => s !== 200 && s !== 503).length,
      healthChecksDown: down.health.filter((h) => h.status === 503 && h.database === 'down').length, healthChecks: down.health.length,
      outageLogLines, leakyLogLines: leaks.length, resumedAfterMs, lost, doubled,
    };
    recordFigures('PostgreSQL stopped for 10 s under load', figures);

    expect(leaks).toEqual([]);
    expect({ lost, doubled }).toEqual({ lost: 0, doubled: 0 });
    // Every try while the database was down was refused with 503 (Telegram delivers it again), none was a 500.
    expect(triesWhileDown).toBeGreaterThan(0);
    expect(refusedWhileDown).toBeGreaterThan(0);
    expect(figures.otherErrors).toBe(0);
    // Once the first connection attempts failed, /healthz said so (the first check may still find a live connection).
    expect(down.health.slice(-3).every((h) => h.status === 503 && h.database === 'down')).toBe(true);
    expect(health).toBe(200);
  });
});
