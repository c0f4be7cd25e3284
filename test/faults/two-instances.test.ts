import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeJournal } from '../../bot/callback-data/journal.js';
import { Attendance } from '../../core/journal/attendance.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { AdminAccount } from '../../core/accounts/admin-account.entity.js';
import { School } from '../../core/school/school.entity.js';
import { startEmulator, type Emulator } from '../../telegram-emulator/index.js';
import { bindTelegram } from '../support/notification-fixture.js';
import { TEST_BOT_TOKEN } from '../support/test-telegram.js';
import { coreOn } from './support/core-on.js';
import { emptyDatabase } from './support/database-of-its-own.js';
import { recordFigures } from './support/figures.js';
import { processesWithEnvironment, startProduct, type ProductProcess } from './support/product-process.js';
import { createSchoolAroundToday, inviteCode } from './support/school-around-today.js';
import { waitUntil } from './support/wait-until.js';
import { deliverByWebhook, WEBHOOK_SECRET, type Delivery } from './support/webhook-telegram.js';

const TEACHER = 7004;
const STUDENTS = 12;
const LESSONS = 2;
const guardianChat = (i: number) => 860_000 + i;
/** The jobs due at every quarter of an hour ('*\/15 * * * *'). */
const QUARTER_JOBS = ['prune-panel-sessions', 'teacher-reminders'];
/** The instances' clocks reach the next quarter of an hour this long after they start (time to start, and to work). */
const LEAD_MS = 100_000;
/** The second instance's clock is behind the first's by this much, as two hosts' clocks may be. */
const SKEW_MS = 2000;

const fakeTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/**
 * Issue 12: two instances of the product on one database, started together on an empty one (a first
 * deployment with two replicas), both in webhook mode behind one address: a load balancer hands each of
 * Telegram's updates to one of them, and Telegram delivers some again (an answer that came too late),
 * which may land on the other. (Two instances cannot both poll: Telegram ends one poll with 409.) Their
 * clocks are two seconds apart, and a quarter of an hour, when two jobs are due, falls within the scenario.
 * First-run set-up must happen once (one demo school, one administrator, each migration once), every
 * update be applied once, every notification delivered once, and each job run once in its slot.
 */
describe('two instances on one database', () => {
  let emulator: Emulator;
  let database: Awaited<ReturnType<typeof emptyDatabase>>;
  let side: Awaited<ReturnType<typeof coreOn>> | undefined;
  const products: ProductProcess[] = [];
  let slot = 0;
  /** When the first instance's clock reaches the slot, on the real clock. */
  let slotReal = 0;

  const em = () => side!.orm.em.fork();
  const webhook = (i: number) => `${products[i]!.url}/telegram/webhook`;

  beforeAll(async () => {
    emulator = await startEmulator({ token: TEST_BOT_TOKEN, limits: false });
    database = await emptyDatabase();
    // The next quarter of an hour at least LEAD_MS away; the clocks are set ahead of the real one (never
    // behind it: the rows this test writes with the real clock must not be in the instances' future).
    const quarter = 15 * 60_000;
    slot = Math.ceil((Date.now() + LEAD_MS) / quarter) * quarter;
    const env = {
      DATABASE_URL: database.url, TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: emulator.url, NODE_ENV: 'development',
      PUBLIC_URL: 'https://school.example', TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      // The slot follows the real clock: run between 02:13 and 02:28 UTC, it is 02:30, the nightly backup's
      // (BACKUP_CRON), which would then run in the scenario too. The scenario is about the quarter's jobs.
      BACKUP_CRON: 'off',
    };
    slotReal = Date.now() + LEAD_MS;
    const starts = await Promise.allSettled([
      startProduct(env, { fakeTime: fakeTime(slot - LEAD_MS), readyTimeoutMs: 120_000 }),
      startProduct(env, { fakeTime: fakeTime(slot - LEAD_MS - SKEW_MS), readyTimeoutMs: 120_000 }),
    ]);
    for (const start of starts) if (start.status === 'fulfilled') products.push(start.value);
    const failed = starts.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    side = await coreOn(database.url, { NOTIFY_COALESCE_SECONDS: '0' });
  }, 240_000);

  afterAll(async () => {
    for (const product of products) product.kill('SIGTERM');
    await Promise.all(products.map((p) => p.exited));
    await side?.close();
    await database?.drop();
    await emulator?.stop();
  });

  it('sets up once, applies every update once, delivers every notification once, runs each job once in its slot', async () => {
    // First-run set-up, done by whichever instance came first.
    const schools = await em().count(School, {});
    const administrators = await em().count(AdminAccount, { deployment: true });
    const migrations = await em().getConnection().execute<{ name: string; n: string }[]>('select name, count(*) as n from mikro_orm_migrations group by name');
    const migrationsTwice = migrations.filter((m) => Number(m.n) > 1).length;

    const school = await createSchoolAroundToday(side!.core, { students: STUDENTS });
    for (const [i, { guardianId }] of school.students.entries()) await bindTelegram(em(), school.school, 'guardian', guardianId, guardianChat(i));
    const code = await inviteCode(side!.core, 'staff', school.teacherId);
    const greeted = emulator.waitForMessage(TEACHER, (m) => m.from === 'bot', 30_000);
    await deliverByWebhook(webhook(0), emulator.sendText(TEACHER, `/start ${code}`, { queue: false })).done;
    const anchor = await greeted;

    const lessons: number[] = [];
    for (let n = 1; n <= LESSONS; n++) {
      lessons.push((await side!.core.unitOfWork(() => side!.core.journal.lessons.openLesson(school.assignment, school.today, n, school.teacher))).id);
    }
    const taps: Update[] = lessons.flatMap((lessonId) => school.students.flatMap(({ id: studentId }) => [
      encodeJournal('mg', { lessonId, studentId, workTypeId: school.workType, value: 3, second: 0, seen: 0 }),
      encodeJournal('rs', { lessonId, studentId, version: 0, code: 3, page: 0 }),
    ])).map((data) => emulator.pressButton(TEACHER, anchor.messageId, data, { forged: true, queue: false }));
    // Each update to one instance in turn; every third also to the other at the same moment (a redelivery).
    const deliveries: Delivery[] = [];
    let duplicated = 0;
    for (const [i, tap] of taps.entries()) {
      deliveries.push(deliverByWebhook(webhook(i % 2), tap));
      if (i % 3 === 0) {
        deliveries.push(deliverByWebhook(webhook((i + 1) % 2), tap));
        duplicated++;
      }
    }
    // And the class's homework, for each guardian's chat, delivered by whichever dispatcher claims it.
    const marker = 'Выучить стихотворение наизусть';
    await side!.core.unitOfWork(() => side!.core.journal.homework.setHomework(lessons[0]!, { text: marker }, school.teacher));
    await Promise.all(deliveries.map((d) => d.done));

    let lost = 0;
    let doubled = 0;
    for (const lessonId of lessons) {
      for (const { id: studentId } of school.students) {
        const marks = await em().count(Mark, { lesson: lessonId, student: studentId });
        const late = await em().count(Attendance, { lesson: lessonId, student: studentId, code: 'op' });
        lost += (marks === 0 ? 1 : 0) + (late === 0 ? 1 : 0);
        doubled += Math.max(0, marks - 1) + Math.max(0, late - 1);
      }
    }

    // Every notification (the homework, and the marks' and lateness's news) delivered: sends against messages recorded.
    await waitUntil(async () => (await em().count(Notification, { status: 'pending' })) === 0, 120_000, 'the outbox drained');
    const guardianChats = new Set(school.students.map((_, i) => guardianChat(i)));
    const sends = emulator.called('sendMessage').filter((c) => c.response?.ok && guardianChats.has(c.chatId!)).length;
    const sent = await em().find(Notification, { status: 'sent' });
    const messages = new Set(sent.map((n) => `${n.telegramAccountId}:${n.messageId}`)).size;
    let homeworkLost = 0;
    for (const chat of guardianChats) if (!emulator.transcript(chat).some((m) => m.text?.includes(marker))) homeworkLost++;

    // The quarter of an hour: each instance's scheduler fires (the second 2 s after the first); one runs each job.
    const logsOfJob = (job: string) => products.flatMap((p) => p.logs()).filter((l) => l.msg === 'job done' && l.job === job).length;
    await waitUntil(() => QUARTER_JOBS.every((job) => logsOfJob(job) >= 1), Math.max(0, slotReal - Date.now()) + 60_000, 'the quarter-hour jobs ran');
    await new Promise((r) => setTimeout(r, 10_000)); // the slower clock's turn, and any second run
    const runs = Object.fromEntries(QUARTER_JOBS.map((job) => [job, logsOfJob(job)]));
    const claims = await em().getConnection().execute<{ job: string; outcome: string | null }[]>('select job, outcome from job_run where slot = ? order by job', [new Date(slot)]);

    const figures = {
      tries: 1, instances: 2, updates: taps.length, deliveredTwice: duplicated, lost: lost + homeworkLost, doubled: doubled + (sends - messages),
      notificationMessages: messages, sendsToGuardians: sends, schools, administrators, migrationsTwice,
      ...Object.fromEntries(QUARTER_JOBS.map((job) => [`runs:${job}`, runs[job]!])),
    };
    recordFigures('two instances on one database', figures);

    expect({ schools, administrators, migrationsTwice }).toEqual({ schools: 1, administrators: 1, migrationsTwice: 0 });
    expect({ lost, doubled }).toEqual({ lost: 0, doubled: 0 });
    expect({ homeworkLost, doubledMessages: sends - messages }).toEqual({ homeworkLost: 0, doubledMessages: 0 });
    expect(runs).toEqual(Object.fromEntries(QUARTER_JOBS.map((job) => [job, 1])));
    expect(claims).toEqual([...QUARTER_JOBS].sort().map((job) => ({ job, outcome: 'done' })));
  });

  it('stops both instances, each started under faketime, without leaving a process of them behind', async () => {
    for (const product of products) product.kill('SIGTERM');
    await Promise.all(products.map((p) => p.exited));
    expect(processesWithEnvironment('DATABASE_URL', database.url)).toEqual([]);
  });
});
