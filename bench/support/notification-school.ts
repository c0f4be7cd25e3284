import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../../core/base/config.js';
import { Outbox, type OutboxEvent } from '../../core/notifications/outbox.js';
import { fixedClock } from '../../core/time/clock.js';
import type { ApiCall } from '../../telegram-emulator/emulator.js';

/** The notification benches' guardians' chats: FIRST_CHAT, FIRST_CHAT + 1… */
export const FIRST_CHAT = 500_000_000;
/** Outbox events enqueued in one transaction. */
export const ENQUEUE_BATCH = 500;

/**
 * A school of `guardians` families (a child each, consent given, the guardian bound in Telegram, no quiet
 * hours) and `rows` notifications for them through the outbox, all due: an announcement for each guardian
 * and the rest marks of the children spread over them (coalesced into one message per chat). Returns the
 * notifications enqueued, the messages they make (two per guardian) and the enqueue's time.
 */
export async function enqueueNotificationSchool(orm: MikroORM, config: Config, guardians: number, rows: number): Promise<{ enqueued: number; messages: number; enqueueSeconds: number }> {
  if (rows < guardians * 2) throw new Error('rows must be at least twice the guardians (a mark and an announcement each)');
  const em = orm.em.fork();
  const schoolId = (await em.execute<{ id: number }[]>(`insert into school (name, quiet_hours_start, quiet_hours_end) values ('Бенчмарк', '00:00', '00:00') returning id`))[0]!.id;
  await em.execute(`insert into student (school_id, last_name, first_name, birth_date, sex) select ?, 'Ученик' || g, 'Пётр', '2013-01-01', 'm' from generate_series(1, ?) g`, [schoolId, guardians]);
  await em.execute(`insert into guardian (school_id, last_name, first_name) select ?, 'Родитель' || g, 'Анна' from generate_series(1, ?) g`, [schoolId, guardians]);
  const students = (await em.execute<{ id: number }[]>('select id from student order by id')).map((r) => r.id);
  const guardianIds = (await em.execute<{ id: number }[]>('select id from guardian order by id')).map((r) => r.id);
  await em.execute(`insert into student_guardian (school_id, student_id, guardian_id, relation) select ?, s.id, g.id, 'mother'
    from (select id, row_number() over (order by id) n from student) s join (select id, row_number() over (order by id) n from guardian) g on g.n = s.n`, [schoolId]);
  await em.execute(`insert into consent (school_id, guardian_id, status, date) select ?, id, 'given', '2026-09-01' from guardian`, [schoolId]);
  await em.execute(`insert into telegram_account (id) select ? + n from generate_series(0, ? - 1) n`, [FIRST_CHAT, guardians]);
  await em.execute(`insert into telegram_binding (telegram_account_id, school_id, person_kind, person_id)
    select ? + row_number() over (order by id) - 1, ?, 'guardian', id from guardian`, [FIRST_CHAT, schoolId]);

  const events: OutboxEvent[] = [];
  const marks = rows - guardians;
  for (let i = 0; i < marks; i++) {
    const studentId = students[i % guardians]!;
    events.push({
      schoolId, kind: 'mark', studentId, eventKey: `bench:mark:${i}`,
      payload: { lessonId: 1, subject: 'Математика', date: '2026-11-20', lessonNumber: 2, studentName: `Ученик${(i % guardians) + 1} Пётр`, studentSex: 'm', markId: i + 1, value: 2 + (i % 4), second: null, workType: 'Ответ на уроке', comment: null, makeUp: false },
    });
  }
  guardianIds.forEach((personId, i) => events.push({
    schoolId, kind: 'announcement', to: [{ personKind: 'guardian', personId }], eventKey: `bench:announcement:${i}`,
    payload: { announcementId: 1, title: 'Родительское собрание', text: 'В четверг в 18:00, кабинет 21.', author: 'Классный руководитель', group: '7А', school: 'Бенчмарк' },
  }));
  const due = new Date(Date.now() - 60_000);
  let enqueued = 0;
  const started = performance.now();
  for (let i = 0; i < events.length; i += ENQUEUE_BATCH) {
    enqueued += await orm.em.fork().transactional((tx) => new Outbox(config.notifications, fixedClock(due)).enqueue(tx, events.slice(i, i + ENQUEUE_BATCH)));
  }
  return { enqueued, messages: guardians * 2, enqueueSeconds: (performance.now() - started) / 1000 };
}

/** Per guardian's chat: its journal message (🔔…) and its announcement, each missing or arrived more than once. */
export function lostAndDoubled(guardians: number, botTexts: (chatId: number) => string[]): { lost: number; doubled: number } {
  let lost = 0;
  let doubled = 0;
  for (let i = 0; i < guardians; i++) {
    const texts = botTexts(FIRST_CHAT + i);
    const journal = texts.filter((x) => x.startsWith('🔔')).length;
    const announcement = texts.length - journal;
    lost += Math.max(0, 1 - journal) + Math.max(0, 1 - announcement);
    doubled += Math.max(0, journal - 1) + Math.max(0, announcement - 1);
  }
  return { lost, doubled };
}

/**
 * The emulator's sendMessage calls as a delivery bench reads them: those delivered (their arrival times in
 * order), the 429s and other refusals, the span and the rate from the first to the last, and the steady rate
 * without the first and last tenth (the start, and the last chats' second message waiting out its interval).
 */
export function deliveryStats(calls: ApiCall[]) {
  const delivered = calls.filter((c) => c.response?.ok);
  const floods = calls.filter((c) => c.response && !c.response.ok && c.response.error_code === 429).length;
  const otherErrors = calls.filter((c) => c.response && !c.response.ok && c.response.error_code !== 429).length;
  const times = delivered.map((c) => c.at).sort((a, b) => a - b);
  const spanSeconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
  const rate = spanSeconds > 0 ? (delivered.length - 1) / spanSeconds : 0;
  const [i10, i90] = [Math.floor(times.length * 0.1), Math.floor(times.length * 0.9)];
  const [p10, p90] = [times[i10] ?? 0, times[i90] ?? 0];
  const steady = p90 > p10 ? (i90 - i10) / ((p90 - p10) / 1000) : 0;
  return { delivered, floods, otherErrors, times, spanSeconds, rate, steady };
}
