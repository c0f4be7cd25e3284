import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
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
});
