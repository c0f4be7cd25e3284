import { describe, expect, it } from 'vitest';
import { BUSY, PasswordChecks } from '../../core/panel/password-checks.js';

/** A piece of work that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { open, work: () => done.then(() => 'checked') };
}

describe('PasswordChecks: at most N sign-ins (and so argon2 calls) at once, a bounded queue, refusals beyond it', () => {
  it('runs two at once, queues up to the limit, refuses the rest at once, and hands turns on in order', async () => {
    const checks = new PasswordChecks({ atOnce: 2, waiting: 3, waitMs: 60_000 });
    const gates = Array.from({ length: 8 }, gate);
    const results = gates.map((g) => checks.run(g.work));
    // Beyond two running and three waiting, the other three are refused without waiting.
    expect(await Promise.all(results.slice(5))).toEqual([BUSY, BUSY, BUSY]);
    expect(checks.stats).toEqual({ runs: 2, peak: 2, refused: 3, checks: 0 });
    for (const g of gates) g.open();
    expect(await Promise.all(results.slice(0, 5))).toEqual(['checked', 'checked', 'checked', 'checked', 'checked']);
    expect(checks.stats).toEqual({ runs: 5, peak: 2, refused: 3, checks: 0 });
    // Every turn was given back: two can run at once again.
    const more = [gate(), gate()];
    const again = more.map((g) => checks.run(g.work));
    more.forEach((g) => g.open());
    expect(await Promise.all(again)).toEqual(['checked', 'checked']);
    expect(checks.stats.peak).toBe(2);
  });

  it('refuses a waiting check whose turn does not come in time, and the queue moves on without it', async () => {
    const checks = new PasswordChecks({ atOnce: 1, waiting: 5, waitMs: 20 });
    const first = gate();
    const running = checks.run(first.work);
    expect(await checks.run(() => Promise.resolve('late'))).toBe(BUSY);
    first.open();
    expect(await running).toBe('checked');
    expect(await checks.run(() => Promise.resolve('next'))).toBe('next');
    expect(checks.stats).toEqual({ runs: 2, peak: 1, refused: 1, checks: 0 });
  });

  it('gives the turn back when the work fails', async () => {
    const checks = new PasswordChecks({ atOnce: 1, waiting: 0, waitMs: 10 });
    await expect(checks.run(() => Promise.reject(new Error('argon2 failed')))).rejects.toThrow('argon2 failed');
    expect(await checks.run(() => Promise.resolve('ok'))).toBe('ok');
  });
});
