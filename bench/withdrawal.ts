// A withdrawal of consent (G3) on the 1,000-student school of `seed:load` (embedded PostgreSQL in a temp dir;
// with DATABASE_URL, the database klassny_bench_withdrawal_<n>, kept and re-used): the school gets a year of
// audit lines (one per mark, as the journal writes them) and of sent notifications once; then each run
// withdraws the consent of a guardian who is its child's only consenting one, so the guardian and the child
// are both pseudonymised and the texts linked to them scrubbed of their names. Prints each
// run's time, the median, and the machine's load average. Each run uses up a guardian: the database changes.
// Run alone: npx tsx bench/withdrawal.ts [students=1000]
import os from 'node:os';
import { staffActor } from '../core/access/actor.js';
import { createLogger } from '../core/base/logger.js';
import { createCore } from '../core/core.js';
import { systemClock } from '../core/time/clock.js';
import { benchConfig, benchTempDir, type Cleanup } from './support/bench-database.js';
import { loadSchoolDatabase } from './support/load-school.js';

const STUDENTS = Number(process.argv[2] ?? 1000);
const RUNS = 5;
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const log = createLogger('warn');
const cleanups: Cleanup[] = [];
const config = benchConfig(await benchTempDir(cleanups));
try {
  console.log(`${os.cpus().length} CPUs, load average at start: ${load()}`);
  const { orm, schoolId } = await loadSchoolDatabase(config, log, cleanups, `klassny_bench_withdrawal_${STUDENTS}`, STUDENTS);
  const sql = <T>(query: string, params: unknown[] = []) => orm.em.fork().getConnection().execute<T[]>(query, params);

  const [{ audit } = { audit: 0 }] = await sql<{ audit: number }>('select count(*)::int audit from audit_entry where school_id = ?', [schoolId]);
  if (audit < 100_000) {
    const started = performance.now();
    // What the journal's audit holds after a year: a line per mark, its row as the after-snapshot.
    await sql(`insert into audit_entry (school_id, at, source, actor_kind, action, entity, entity_id, after)
      select m.school_id, now(), 'bot', 'staff', 'create', 'Mark', m.id::text,
             jsonb_build_object('id', m.id, 'lesson', m.lesson_id, 'student', m.student_id, 'value', m.value, 'second', m.second, 'workType', m.work_type_id, 'comment', m.comment, 'makeUp', m.make_up)
        from mark m where m.school_id = ?`, [schoolId]);
    // And a sent notice per mark to one guardian of the student, naming the child as the outbox does.
    await sql(`insert into notification (school_id, telegram_account_id, person_kind, person_id, student_id, kind, payload, event_key, status, not_before, sent_at, created_at, updated_at)
      select m.school_id, 9000000000 + l.guardian_id, 'guardian', l.guardian_id, m.student_id, 'mark',
             jsonb_build_object('studentName', s.last_name || ' ' || s.first_name, 'value', m.value), 'bench:' || m.id, 'sent', now(), now(), now(), now()
        from mark m join student s on s.id = m.student_id
        join lateral (select guardian_id from student_guardian where student_id = m.student_id order by id limit 1) l on true
       where m.school_id = ? and m.id % 4 = 0`, [schoolId]);
    console.log(`a year of audit lines and notifications added: ${((performance.now() - started) / 1000).toFixed(1)} s, load average ${load()}`);
  }
  const [counts] = await sql<{ audit: number; notifications: number; marks: number }>(
    `select (select count(*)::int from audit_entry where school_id = ?) audit, (select count(*)::int from notification where school_id = ?) notifications,
            (select count(*)::int from mark where school_id = ?) marks`, [schoolId, schoolId, schoolId]);
  console.log(`school: ${counts!.marks.toLocaleString('en-US')} marks, ${counts!.audit.toLocaleString('en-US')} audit lines, ${counts!.notifications.toLocaleString('en-US')} notifications`);

  // Guardians whose child has no other consenting guardian: the withdrawal pseudonymises both.
  const candidates = await sql<{ guardian_id: number }>(
    `select l.guardian_id from student_guardian l join guardian g on g.id = l.guardian_id
      where g.school_id = ? and g.pseudonym_no is null
        and (select c.status from consent c where c.guardian_id = l.guardian_id order by c.date desc, c.id desc limit 1) = 'given'
        and not exists (select 1 from student_guardian o where o.student_id = l.student_id and o.guardian_id <> l.guardian_id)
        and (select count(*) from student_guardian x where x.guardian_id = l.guardian_id) = 1
      order by l.guardian_id limit ?`, [schoolId, RUNS]);
  if (candidates.length < RUNS) throw new Error(`only ${candidates.length} guardians left to withdraw: drop klassny_bench_withdrawal_${STUDENTS}`);
  const [admin] = await sql<{ id: number }>("select id from staff where school_id = ? and 'administrator' = any(roles) limit 1", [schoolId]);
  const actor = staffActor({ schoolId, staffId: admin!.id, roles: ['administrator'], classGroupIds: [], source: 'panel' });
  const core = await createCore(config, orm, log, systemClock);

  const runs: number[] = [];
  for (const [i, { guardian_id: guardianId }] of candidates.entries()) {
    const started = performance.now();
    const { withdrawal } = await core.unitOfWork(() => core.consents.withdraw(guardianId, undefined, actor));
    const ms = performance.now() - started;
    runs.push(ms);
    console.log(`  run ${i + 1}: ${(ms / 1000).toFixed(2)} s — «Родитель ${withdrawal.guardian.pseudonymNo}», ${withdrawal.studentsPseudonymised.map((s) => `«Ученик ${s.pseudonymNo}»`).join(', ')}; `
      + `${withdrawal.notificationsRemoved} notifications removed, ${withdrawal.textsScrubbed} texts scrubbed; load average ${load()}`);
  }
  console.log(`withdrawal of consent (guardian and child pseudonymised, their texts scrubbed), median of ${RUNS}: ${(median(runs) / 1000).toFixed(2)} s; load average at end: ${load()}`);
} finally {
  for (const cleanup of cleanups.reverse()) {
    await cleanup.run().catch((err: unknown) => console.error(`cleanup of ${cleanup.what} failed:`, err));
  }
}
