// How soon a guardian hears of a lesson's entry (issue 18, point 2). LESSONS teachers each enter a lesson of
// their own class of CLASS students at once, through the real bot (createBot) against the project's Bot API
// emulator with Telegram's limits on, tapping the buttons the bot shows, with a teacher's pauses: the day,
// the lesson, the roll call (a few absent), marks 3–7 s apart, homework typed for 6–9 s, then leaving the
// card («← Уроки дня»), the main menu, or nothing at all (the phone put away: the entry ends by idleness).
// The real dispatcher (core.startDispatcher, the product's settings: NOTIFY_IDLE_SECONDS 10, the window
// NOTIFY_COALESCE_SECONDS 120, polling every second) sends through bot/notifier.ts. Everything runs on the
// machine's clock in real time — no fast clock — so the dispatcher's polling, claims and Telegram's pacing
// are measured as they are; a run takes about two minutes.
// Measured per guardian (one per child; a child with no entry is told nothing): from the last entry about its
// child (the tap's update handled, so committed) to the guardian's message reaching the emulator, and from
// the lesson's last entry before that message. Prints median and p95 of both, and the messages each guardian
// got for the lesson (must be 1). Exits 1 if a guardian got none or several.
// Run alone: npx tsx bench/notification-latency.ts [lessons=8] [class=12] [seed=18]
// DATABASE_URL set: a throwaway database on that server (dropped at the end); otherwise embedded PostgreSQL
// in a temp directory. The school has no quiet hours, so the run works at any hour.
import { decodeJournal, type JournalButton } from '../bot/callback-data/journal.js';
import { createBot } from '../bot/create-bot.js';
import { telegramNotifier } from '../bot/notifier.js';
import { systemActor } from '../core/access/actor.js';
import { createLogger } from '../core/base/logger.js';
import { createCore, type Core } from '../core/core.js';
import { systemClock } from '../core/time/clock.js';
import { addDays, isoWeekday, localDate } from '../core/time/local-date.js';
import { startEmulator, type Emulator } from '../telegram-emulator/index.js';
import { benchConfig, benchTempDir, openBenchDatabase, type Cleanup } from './support/bench-database.js';

const LESSONS = Number(process.argv[2] ?? 8);
const CLASS = Number(process.argv[3] ?? 12);
const SEED = Number(process.argv[4] ?? 18);
if (![LESSONS, CLASS, SEED].every((n) => Number.isInteger(n) && n > 0) || CLASS < 8 || CLASS > 16 || LESSONS > 8) {
  throw new Error('usage: notification-latency.ts [lessons ≤ 8] [class of 8–16] [seed]');
}
const TIME_ZONE = 'Europe/Moscow';
const FIRST_TEACHER = 710_000;
const FIRST_GUARDIAN = 720_000;
/** In the Russian alphabetical order, so that a class lists its children as they are numbered here. */
const SURNAMES = ['Алексеев', 'Борисов', 'Васильев', 'Григорьев', 'Дмитриев', 'Егоров', 'Жуков', 'Зайцев', 'Ильин', 'Комаров', 'Лебедев', 'Морозов', 'Новиков', 'Орлов', 'Петров', 'Романов'];
const TEACHERS = ['Иванова', 'Смирнова', 'Кузнецова', 'Попова', 'Соколова', 'Лебедева', 'Козлова', 'Новикова'];
const SUBJECTS = ['Математика', 'Русский язык', 'Литература', 'История', 'Биология', 'География', 'Физика', 'Химия'];

/** How a lesson's entry ends: the card left for the day, the main menu, or no tap at all. */
type Ending = 'leave' | 'menu' | 'idle';
interface LessonPlan { homework: boolean; ending: Ending; absent: number; marks: number }
/** Most lessons end with their homework; some without, left or abandoned. */
const PLANS: LessonPlan[] = [
  { homework: true, ending: 'leave', absent: 1, marks: 5 },
  { homework: true, ending: 'idle', absent: 0, marks: 4 },
  { homework: false, ending: 'leave', absent: 2, marks: 6 },
  { homework: true, ending: 'menu', absent: 1, marks: 4 },
  { homework: false, ending: 'idle', absent: 1, marks: 5 },
  { homework: true, ending: 'leave', absent: 0, marks: 6 },
  { homework: true, ending: 'idle', absent: 2, marks: 3 },
  { homework: false, ending: 'menu', absent: 0, marks: 4 },
];

interface Lesson { teacherChat: number; assignmentId: number; students: { id: number; guardianChat: number }[]; plan: LessonPlan }

const cleanups: Cleanup[] = [];
async function cleanUp() {
  for (const { what, run } of cleanups.reverse()) await run().catch((err: unknown) => console.error(`clean-up of ${what} failed:`, err));
}
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

/** A seeded generator (mulberry32): the same pauses on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** A school of LESSONS classes, each with its teacher, subject, today's lesson, and a guardian per child bound in Telegram. */
async function seedSchool(core: Core, orm: Awaited<ReturnType<typeof openBenchDatabase>>['orm'], today: string): Promise<Lesson[]> {
  const actor = systemActor('cli');
  return core.unitOfWork(async () => {
    const school = await core.records.create('School', { name: 'Бенчмарк', timeZone: TIME_ZONE }, actor) as { id: number };
    const create = (kind: Parameters<typeof core.records.create>[0], input: Record<string, unknown>) =>
      core.records.create(kind, { school: school.id, ...input }, actor) as Promise<{ id: number }>;
    const start = addDays(today, -60);
    const year = await create('AcademicYear', { name: 'Бенчмарк', startDate: start, endDate: addDays(today, 120) });
    await create('WorkType', { name: 'Ответ на уроке', weight: 1 });
    const lessons: Lesson[] = [];
    for (let l = 0; l < LESSONS; l++) {
      const teacher = await create('Staff', { lastName: TEACHERS[l]!, firstName: 'Мария', middleName: 'Ивановна', roles: ['teacher'] });
      const group = await create('Group', { year: year.id, name: `${5 + (l % 7)}${'АБ'[Math.floor(l / 7)]}`, gradeLevel: 5 + (l % 7) });
      const subject = await create('Subject', { name: SUBJECTS[l]! });
      const assignment = await create('TeachingAssignment', { year: year.id, teacher: teacher.id, subject: subject.id, group: group.id, plannedHours: 136 });
      await create('TimetableSlot', { assignment: assignment.id, group: group.id, weekday: isoWeekday(today), lessonNumber: 2, validFrom: start });
      const students: Lesson['students'] = [];
      for (let i = 0; i < CLASS; i++) {
        const student = await create('Student', { lastName: SURNAMES[i]!, firstName: 'Пётр', birthDate: '2013-01-01', sex: 'm' });
        await create('Enrollment', { student: student.id, group: group.id, startDate: start, startReason: 'admission' });
        const guardian = await create('Guardian', { lastName: `${SURNAMES[i]!}а`, firstName: 'Анна' });
        await create('StudentGuardian', { student: student.id, guardian: guardian.id, relation: 'mother' });
        students.push({ id: student.id, guardianChat: FIRST_GUARDIAN + l * 100 + i });
      }
      lessons.push({ teacherChat: FIRST_TEACHER + l, assignmentId: assignment.id, students, plan: PLANS[l % PLANS.length]! });
    }
    const em = orm.em.fork();
    // Consent given and Telegram bound for every guardian, as accepted invites leave them; no quiet hours.
    await em.execute(`update school set quiet_hours_start = '00:00', quiet_hours_end = '00:00' where id = ?`, [school.id]);
    await em.execute(`insert into consent (school_id, guardian_id, status, date) select ?, id, 'given', ? from guardian where school_id = ?`, [school.id, start, school.id]);
    const chats = lessons.flatMap((l) => l.students.map((s) => s.guardianChat));
    await em.execute(`insert into telegram_account (id) select unnest(?::bigint[])`, [`{${chats.join(',')}}`]);
    await em.execute(`insert into telegram_binding (telegram_account_id, school_id, person_kind, person_id)
      select c.chat, ?, 'guardian', sg.guardian_id from unnest(?::bigint[], ?::int[]) as c(chat, student) join student_guardian sg on sg.student_id = c.student`,
    [school.id, `{${chats.join(',')}}`, `{${lessons.flatMap((l) => l.students.map((s) => s.id)).join(',')}}`]);
    return lessons;
  });
}

/** One teacher at the phone: sends what it types and taps the buttons the bot's last message shows. */
class Teacher {
  constructor(private readonly emulator: Emulator, private readonly bot: ReturnType<typeof createBot>, readonly chat: number) {}

  async say(text: string): Promise<number> {
    await this.bot.handleUpdate(this.emulator.sendText({ id: this.chat, first_name: 'Мария', last_name: 'Учителева' }, text, { queue: false }));
    return Date.now();
  }

  /** Taps the button of `op` (and `match`) on the bot's last message, going through the marks list or the lesson card if it is not there. */
  async tap(op: JournalButton['op'], match: (b: JournalButton) => boolean = () => true): Promise<number> {
    for (const via of [undefined, 'm', 'l'] as const) {
      if (via) {
        const hop = this.find(via);
        if (!hop) continue;
        await this.press(hop.messageId, hop.data);
      }
      const found = this.find(op, match);
      if (found) return this.press(found.messageId, found.data);
    }
    throw new Error(`teacher ${this.chat}: no button ${op} on the screen`);
  }

  private find(op: JournalButton['op'], match: (b: JournalButton) => boolean = () => true): { messageId: number; data: string } | undefined {
    const last = this.emulator.transcript(this.chat).filter((m) => m.from === 'bot' && m.buttons.length).at(-1);
    for (const button of (last?.buttons ?? []).flat()) {
      const data = 'callback_data' in button ? button.callback_data : undefined;
      const decoded = data ? decodeJournal(data) : undefined;
      if (decoded?.op === op && match(decoded)) return { messageId: last!.messageId, data: data! };
    }
    return undefined;
  }

  private async press(messageId: number, data: string): Promise<number> {
    await this.bot.handleUpdate(this.emulator.pressButton(this.chat, messageId, data, { queue: false }));
    return Date.now();
  }
}

/** Plays one lesson's entry; returns when each child had an entry (ms since the epoch). */
async function playLesson(teacher: Teacher, lesson: Lesson, today: string, startIn: number, next: () => number): Promise<{ entries: Map<number, number[]>; ended: number }> {
  const entries = new Map<number, number[]>(lesson.students.map((s) => [s.id, []]));
  const entered = (studentId: number, at: number) => entries.get(studentId)!.push(at);
  const pause = (from: number, to: number) => sleep((from + (to - from) * next()) * 1000);
  const { plan, students } = lesson;
  await sleep(startIn);
  await teacher.say('/today');
  await pause(1, 2);
  await teacher.tap('o', (b) => b.op === 'o' && b.assignmentId === lesson.assignmentId && b.date === Number(today.replaceAll('-', '')));
  await pause(2, 4);
  await teacher.tap('r');
  for (const student of students.slice(0, plan.absent)) {
    await pause(2, 4);
    entered(student.id, await teacher.tap('rs', (b) => b.op === 'rs' && b.studentId === student.id));
  }
  await pause(1, 3);
  await teacher.tap(plan.absent ? 'rd' : 'ra');
  const marked = students.slice(plan.absent, plan.absent + plan.marks);
  await pause(2, 4);
  await teacher.tap('m');
  for (const student of marked) {
    await pause(2, 4); // finds the child, listens to the answer
    await teacher.tap('ms', (b) => b.op === 'ms' && b.studentId === student.id);
    await pause(1, 3);
    const value = 2 + Math.floor(next() * 4);
    entered(student.id, await teacher.tap('mg', (b) => b.op === 'mg' && b.value === value && b.second === 0));
  }
  if (plan.homework) {
    await pause(2, 4);
    await teacher.tap('h');
    await pause(1, 2);
    await teacher.tap('ht', (b) => b.op === 'ht' && b.studentId === 0);
    await pause(6, 9); // types the homework
    const at = await teacher.say('§ 12, № 3, 5, 7 (стр. 48)');
    for (const s of students) entered(s.id, at);
  }
  await pause(2, 4);
  if (plan.ending === 'leave') await teacher.tap('d');
  else if (plan.ending === 'menu') await teacher.say('/menu');
  return { entries, ended: Date.now() };
}

try {
  const log = createLogger('warn');
  const tmp = await benchTempDir(cleanups);
  // Telegram's limits: 30 messages a second, 1 a second to a chat after a short burst (the teacher's own screens).
  const emulator = await startEmulator({ limits: { globalPerSecond: 30, perChatPerSecond: 1, perChatBurst: 3 } });
  cleanups.push({ what: 'Bot API emulator', run: () => emulator.stop() });
  const config = benchConfig(tmp, { TELEGRAM_BOT_TOKEN: emulator.token, TELEGRAM_API_ROOT: emulator.url });
  const { orm } = await openBenchDatabase(config, log, cleanups);
  const core = await createCore(config, orm, log, systemClock);
  const bot = createBot(core);
  bot.telegraf.botInfo = await bot.telegraf.telegram.getMe();
  const today = localDate(new Date(), TIME_ZONE);
  const lessons = await seedSchool(core, orm, today);
  const teachers = lessons.map((l) => new Teacher(emulator, bot, l.teacherChat));
  for (const [i, lesson] of lessons.entries()) {
    const staffId = (await orm.em.fork().execute<{ teacher_id: number }[]>('select teacher_id from teaching_assignment where id = ?', [lesson.assignmentId]))[0]!.teacher_id;
    const { code } = await core.unitOfWork(() => core.invites.issue('staff', staffId, systemActor('cli'), bot.telegraf.botInfo!.username));
    await teachers[i]!.say(`/start ${code}`);
  }
  await sleep(2000);
  const { notifications } = config;
  console.log(`${LESSONS} lessons of ${CLASS} children entered at once through the bot; NOTIFY_IDLE_SECONDS=${notifications.idleSeconds}, NOTIFY_COALESCE_SECONDS=${notifications.coalesceSeconds}, NOTIFY_POLL_INTERVAL_MS=${notifications.pollIntervalMs}; Telegram's limits on in the emulator`);

  const dispatcher = core.startDispatcher(telegramNotifier(bot, { timeoutMs: notifications.sendTimeoutMs }));
  cleanups.push({ what: 'dispatcher', run: () => dispatcher.stop() });
  const next = random(SEED);
  const started = Date.now();
  const played = await Promise.all(lessons.map((lesson, i) => playLesson(teachers[i]!, lesson, today, i * 1500, next)));
  // Until every notification is out and the slowest batch (its window) could have gone.
  for (const deadline = Date.now() + (notifications.coalesceSeconds + 15) * 1000; Date.now() < deadline;) {
    const pending = Number((await orm.em.fork().execute<{ n: string }[]>(`select count(*) n from notification where status = 'pending'`))[0]!.n);
    if (pending === 0 && Date.now() - Math.max(...played.map((p) => p.ended)) > (notifications.idleSeconds + 3) * 1000) break;
    await sleep(500);
  }
  await dispatcher.stop();

  const sends = emulator.called('sendMessage').filter((c) => c.response?.ok && typeof c.payload.text === 'string' && c.payload.text.startsWith('🔔'));
  const own: number[] = [];
  const fromEntry: number[] = [];
  const counts = new Map<number, number>();
  const byEnding = new Map<string, number[]>();
  let told = 0;
  let missing = 0;
  lessons.forEach((lesson, l) => {
    const { entries } = played[l]!;
    const all = [...entries.values()].flat().sort((a, b) => a - b);
    for (const student of lesson.students) {
      const mine = entries.get(student.id)!;
      const messages = sends.filter((c) => c.chatId === student.guardianChat).map((c) => c.at);
      if (mine.length === 0) {
        if (messages.length) counts.set(messages.length, (counts.get(messages.length) ?? 0) + 1);
        continue;
      }
      told++;
      counts.set(messages.length, (counts.get(messages.length) ?? 0) + 1);
      const first = messages[0];
      if (first === undefined) {
        missing++;
        continue;
      }
      const before = (times: number[]) => Math.max(...times.filter((t) => t <= first));
      own.push(first - before(mine));
      fromEntry.push(first - before(all));
      const kind = `${lesson.plan.homework ? 'homework, then ' : 'no homework, '}${lesson.plan.ending}`;
      byEnding.set(kind, [...(byEnding.get(kind) ?? []), first - before(mine)]);
    }
  });
  own.sort((a, b) => a - b);
  fromEntry.sort((a, b) => a - b);
  const load = (await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`played in ${seconds(Date.now() - started)} s; ${told} guardians had news of their child; ${sends.length} notifications sent`);
  console.log(`from the last entry about the child to the guardian's message: median ${seconds(percentile(own, 50))} s, p95 ${seconds(percentile(own, 95))} s, max ${seconds(own.at(-1) ?? NaN)} s (goal: median ≤ 5 s, p95 ≤ 15 s)`);
  console.log(`from the lesson's last entry before the message:              median ${seconds(percentile(fromEntry, 50))} s, p95 ${seconds(percentile(fromEntry, 95))} s, max ${seconds(fromEntry.at(-1) ?? NaN)} s`);
  for (const [kind, values] of [...byEnding].sort()) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(`  ${kind.padEnd(26)} ${String(values.length).padStart(3)} guardians: median ${seconds(percentile(sorted, 50))} s, max ${seconds(sorted.at(-1) ?? NaN)} s`);
  }
  console.log(`messages per guardian for the lesson: ${[...counts].sort(([a], [b]) => a - b).map(([n, g]) => `${n} message${n === 1 ? '' : 's'}: ${g}`).join(', ')} (every guardian told must have exactly 1)`);
  console.log(`load average (1, 5, 15 min): ${load}`);
  if (missing || [...counts.keys()].some((n) => n !== 1)) process.exitCode = 1;
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
