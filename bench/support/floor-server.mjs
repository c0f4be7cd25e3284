// Copied unchanged (below this note) from /work/shared/bench-floor/floor-server.mjs, the floor the issue (17, point 1)
// measured the product against: 1,710 updates/s, p99 24 ms at 16 connections with wrk on a 2-core machine.
// Kept in the repository so that bench/journal-webhook.ts can start it from a clean checkout.
//
// The floor for a journal tap: the least work one mark update needs. fastify parses a webhook POST shaped like
// Telegram's callback_query (data "m1:<lesson>:<student>:<mark>"), and one PostgreSQL transaction records the
// update_id (dedupe), upserts the mark and writes an outbox row. No Bot API call, no rights check, no audit.
// Run it with the project's own node_modules (fastify, pg), drive it with the same load generator as the
// project's webhook benchmark, in the same run, and print the ratio.
//   FLOOR_DATABASE_URL=postgres://…  FLOOR_PORT=3999  node floor-server.mjs      (prints "floor up <port>")
import Fastify from 'fastify';
import pg from 'pg';

const url = process.env.FLOOR_DATABASE_URL;
if (!url) throw new Error('FLOOR_DATABASE_URL is required (a throwaway database: tables floor_* are created)');
const pool = new pg.Pool({ connectionString: url, max: 10 });
await pool.query(`create table if not exists floor_seen(update_id bigint primary key, at timestamptz default now());
  create table if not exists floor_mark(lesson int, student int, value text, at timestamptz default now(), primary key (lesson, student));
  create table if not exists floor_outbox(id bigserial primary key, chat bigint, payload jsonb, due timestamptz default now())`);
const app = Fastify({ logger: false });
app.post('/telegram/webhook', async (req) => {
  const u = req.body;
  const [, lesson, student, value] = u.callback_query.data.split(':');
  const c = await pool.connect();
  try {
    await c.query('begin');
    const seen = await c.query('insert into floor_seen(update_id) values($1) on conflict do nothing', [u.update_id]);
    if (seen.rowCount) {
      await c.query('insert into floor_mark(lesson, student, value) values($1,$2,$3) on conflict (lesson, student) do update set value = excluded.value, at = now()', [Number(lesson), Number(student), value]);
      await c.query('insert into floor_outbox(chat, payload) values($1,$2)', [Number(student) + 100000, JSON.stringify({ kind: 'mark', value })]);
    }
    await c.query('commit');
  } catch (err) {
    await c.query('rollback');
    throw err;
  } finally {
    c.release();
  }
  return { ok: true };
});
const port = Number(process.env.FLOOR_PORT ?? 3999);
await app.listen({ port, host: '127.0.0.1' });
console.log(`floor up ${port}`);
