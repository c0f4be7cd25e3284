import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DriverException } from '@mikro-orm/core';
import { createLogger } from '../../core/base/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger('info', stream), text: () => lines.join('') };
}

describe('logs', () => {
  it('are one JSON object per line', () => {
    const { log, text } = capture();
    log.info({ a: 1 }, 'first');
    log.warn('second');
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['first', 'second']);
  });

  it('never contain bot tokens, even inside error messages and URLs', () => {
    const { log, text } = capture();
    const token = '123456789:AAF-abcdefghijklmnopqrstuvwxyz0123456';
    log.error({ err: new Error(`request to https://api.telegram.org/bot${token}/getUpdates failed`) }, 'telegram failed');
    log.info(`calling bot${token}/sendMessage`);
    expect(text()).not.toContain('AAF-abcdefghijklmnopqrstuvwxyz');
    expect(text()).toContain('<token>');
  });

  it('never contain passwords, secrets, cookies or Telegram profile fields', () => {
    const { log, text } = capture();
    log.info({ password: 'hunter2-password', user: { password: 'p2', first_name: 'Анна', last_name: 'Смирнова', username: 'anna' } }, 'x');
    log.info({ req: { method: 'GET', url: '/admin/resources/Student?filters.name=Смирнова', headers: { cookie: 'sid=abc' } } }, 'request');
    log.info({ message: { text: 'Моя дочь Анна заболела' } }, 'update');
    const out = text();
    for (const secret of ['hunter2-password', 'p2"', 'Анна', 'Смирнова', 'anna', 'sid=abc', 'заболела']) expect(out).not.toContain(secret);
    expect(out).toContain('/admin/resources/Student');
  });

  it('keep only the kind of a database error, never the SQL or the failing row', () => {
    const { log, text } = capture();
    const err = Object.assign(new Error(`insert into "student" ("full_name") values ('Смирнова Анна') - null value in column "x"\n - detail: Failing row contains (1, Смирнова Анна).`), {
      name: 'NotNullConstraintViolationException',
      code: '23502',
      table: 'student',
      column: 'x',
      detail: 'Failing row contains (1, Смирнова Анна).',
    });
    log.error({ err }, 'save failed');
    const out = text();
    expect(out).not.toContain('Смирнова');
    expect(out).toContain('23502');
    expect(out).toContain('student');
  });

  // The fault suite found these while PostgreSQL restarted: no SQLSTATE, the statement and its values in the message.
  it('keep only the kind and the reason of a broken connection, never the statement or its values', () => {
    const { log, text } = capture();
    const broken = new Error(`insert into "mark" ("student_id", "comment") values (4, 'Смирнова Анна') - Client has encountered a connection error and is not queryable`);
    const refused = Object.assign(new Error(`select "s0".* from "student" where "last_name" = 'Смирнова' - connect ECONNREFUSED 127.0.0.1:5432`), { code: 'ECONNREFUSED' });
    log.error({ err: new DriverException(broken) }, 'update failed');
    log.error({ err: new DriverException(refused) }, 'update failed');
    const out = text();
    expect(out).not.toMatch(/Смирнова|insert into|select /);
    expect(out).toContain('connection lost');
    expect(out).toContain('ECONNREFUSED');
  });

  it('keep a failed migration\'s own words, not its statement, and its database cause as a database error', () => {
    const { log, text } = capture();
    const cause = Object.assign(new Error('create table "panel_session" ("sid" varchar(255)) - duplicate key value'), { code: '23505', name: 'UniqueConstraintViolationException' });
    const err = Object.assign(new Error('Migration Migration1_init (up) failed: Original error: create table "panel_session" ("sid" varchar(255)) - duplicate key value'), { name: 'MigrationError', jse_cause: cause });
    log.fatal({ err }, 'start-up failed');
    const out = text();
    expect(out).not.toContain('create table');
    expect(out).toContain('Migration1_init (up) failed');
    expect(out).toContain('23505');
  });
});
