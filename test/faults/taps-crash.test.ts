import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeJournal } from '../../bot/callback-data/journal.js';
import { Attendance } from '../../core/journal/attendance.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { recordFigures } from './support/figures.js';
import { startScenario, type Scenario } from './support/scenario.js';
import { waitUntil } from './support/wait-until.js';

const TEACHER = 7001;
const STUDENTS = 12;
const TRIES = Number(process.env.FAULTS_TAP_TRIES ?? 3);

/**
 * Issue 12 point 2: a teacher's burst of taps (a mark and a «late» for each of twelve students) is taken by
 * the product in one batch of updates; the process is killed with SIGKILL after a few of them were answered.
 * Restarted, it gets the batch again (the emulator, like Telegram, keeps updates no poll confirmed) and
 * every tap, answered before the crash or not, must be in the journal exactly once.
 */
describe('kill -9 in the middle of a burst of journal taps', () => {
  let scenario: Scenario;

  beforeAll(async () => {
    scenario = await startScenario({ students: STUDENTS });
    await scenario.start();
    await scenario.greetTeacher(TEACHER);
  });

  afterAll(() => scenario?.teardown());

  it('applies every answered and every redelivered tap exactly once after the restart', async () => {
    const { emulator, side, em, school: { assignment: assignmentId, workType: workTypeId, teacher, today } } = scenario;
    const students = scenario.school.students.map((s) => s.id);
    const figures = { tries: 0, taps: 0, answeredBeforeKill: 0, appliedBeforeKill: 0, redelivered: 0, lost: 0, doubled: 0 };
    for (let attempt = 1; attempt <= TRIES; attempt++) {
      // A lesson of today for each try (the school's today, as the product sees it).
      const lesson = await side.core.unitOfWork(() => side.core.journal.lessons.openLesson(assignmentId, today, attempt, teacher));
      const anchor = emulator.transcript(TEACHER).filter((m) => m.from === 'bot').at(-1)!;
      // Buttons the bot draws (a client with the keyboards of several screens): a 5 and «late» for each student.
      const taps: Update[] = students.flatMap((studentId) => [
        encodeJournal('mg', { lessonId: lesson.id, studentId, workTypeId, value: 5, second: 0, seen: 0 }),
        encodeJournal('rs', { lessonId: lesson.id, studentId, version: 0, code: 3, page: 0 }),
      ]).map((data) => emulator.pressButton(TEACHER, anchor.messageId, data, { forged: true, queue: false }));

      // Kill after the 2nd, 5th, 8th… answer: the rest are in flight, some half-way through their transaction.
      const killAfter = 2 + ((attempt - 1) * 3) % (taps.length - 4);
      const answered = new Set<string>();
      const killed = new Promise<void>((resolve) => {
        const off = emulator.on('callbackAnswer', ({ callbackQueryId }) => {
          answered.add(callbackQueryId);
          if (answered.size >= killAfter) {
            off();
            scenario.product.kill('SIGKILL');
            resolve();
          }
        });
      });
      for (const update of taps) emulator.updates.enqueue(update);
      await killed;
      await scenario.product.exited;
      const redelivered = emulator.pendingUpdates().filter((u) => taps.some((t) => t.update_id === u.update_id)).length;
      // What the killed process had committed: answered taps beyond it were cut off inside their transaction.
      const appliedBeforeKill = await em().count(Mark, { lesson: lesson.id }) + await em().count(Attendance, { lesson: lesson.id });

      await scenario.start();
      // Done when the new process confirmed every update of the burst (its next poll's offset).
      await waitUntil(() => emulator.pendingUpdates().length === 0, 60_000);

      let lost = 0;
      let doubled = 0;
      for (const studentId of students) {
        const marks = await em().count(Mark, { lesson: lesson.id, student: studentId });
        const late = await em().count(Attendance, { lesson: lesson.id, student: studentId, code: 'op' });
        lost += (marks === 0 ? 1 : 0) + (late === 0 ? 1 : 0);
        doubled += Math.max(0, marks - 1) + Math.max(0, late - 1);
      }
      figures.tries += 1;
      figures.taps += taps.length;
      figures.answeredBeforeKill += answered.size;
      figures.appliedBeforeKill += appliedBeforeKill;
      figures.redelivered += redelivered;
      figures.lost += lost;
      figures.doubled += doubled;
    }
    recordFigures('kill -9 mid-burst of journal taps', figures);
    expect(figures.redelivered).toBeGreaterThan(0);
    expect({ lost: figures.lost, doubled: figures.doubled }).toEqual({ lost: 0, doubled: 0 });
  });
});
