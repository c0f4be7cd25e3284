import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { addressKey } from '../../core/panel/client-address.js';
import { LoginAddressAttempt } from '../../core/panel/login-address-attempt.entity.js';
import { ADDRESS_FAILURES_BEFORE_LOCK, PASSWORD_CHECKS_AT_ONCE, PASSWORD_CHECKS_WAITING } from '../../core/panel/panel-security.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const PASSWORD = 'right-password-123';
const BUSY = 'Слишком много попыток, попробуйте через минуту.';

/** The message AdminJS's login page shows. */
function loginError(res: LightMyRequestResponse): string | null | undefined {
  const state = /window\.__APP_STATE__ = JSON\.parse\('(.*)'\);/.exec(res.body)?.[1];
  return state === undefined ? undefined : (JSON.parse(state) as { errorMessage: string | null }).errorMessage;
}

/**
 * Issue 12, point 9: 24 parallel sign-ins with different e-mails from one address were all checked with
 * argon2, and /healthz went from 10 ms to 1.7 s. Now the address is throttled like an e-mail, and the
 * argon2 calls of the whole process are bounded. Counted in argon2 calls, not in milliseconds.
 */
describe('panel sign-in: throttled per client address, sign-ins (and their argon2 calls) bounded', () => {
  let t: TestCore;
  let app: FastifyInstance;
  const checks = () => t.core.adminAccounts.passwordChecks.stats;
  const login = (email: string, password: string, remoteAddress: string) =>
    app.inject({ method: 'POST', url: '/admin/login', payload: { email, password }, remoteAddress });

  beforeAll(async () => {
    t = await createTestCore();
    await t.core.unitOfWork(() => t.core.adminAccounts.ensureConfigured('admin@school.example', PASSWORD));
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('24 sign-ins from one address with different e-mails, in parallel waves: only the address\'s budget is checked; another address still gets in', async () => {
    const before = checks().checks;
    const answers: LightMyRequestResponse[] = [];
    // Waves of six at once, each within what the process lets run or wait (so this is the address's throttle at work).
    for (let wave = 0; wave < 4; wave++) {
      answers.push(...(await Promise.all(Array.from({ length: 6 }, (_, i) => login(`guess${wave}-${i}@school.example`, 'wrong-password', '198.51.100.7')))));
    }
    const checked = checks().checks - before;
    expect(checked).toBeLessThanOrEqual(ADDRESS_FAILURES_BEFORE_LOCK);
    const locked = answers.filter((r) => r.statusCode === 429);
    expect(locked.length).toBeGreaterThanOrEqual(24 - ADDRESS_FAILURES_BEFORE_LOCK);
    for (const res of locked) expect(loginError(res)).toMatch(/^Слишком много неудачных попыток входа\. Попробуйте снова через \d+ минут/);
    // Every answer is a refusal: none logged in, none failed.
    expect(answers.every((r) => r.statusCode === 200 || r.statusCode === 429)).toBe(true);

    // The address stays locked even for a right password…
    expect((await login('admin@school.example', PASSWORD, '198.51.100.7')).statusCode).toBe(429);
    const row = await t.orm.em.fork().findOneOrFail(LoginAddressAttempt, { address: '198.51.100.7' });
    expect(row.lockedUntil).not.toBeNull();
    // …while the same account signs in from elsewhere.
    const elsewhere = await login('admin@school.example', PASSWORD, '203.0.113.9');
    expect(elsewhere.statusCode).toBe(302);
  });

  it('a success from a shared address gives back its own attempt, not the failures of others', async () => {
    const office = '192.0.2.44';
    for (let i = 0; i < ADDRESS_FAILURES_BEFORE_LOCK - 2; i++) await login(`typo${i}@school.example`, 'wrong-password', office);
    expect((await login('admin@school.example', PASSWORD, office)).statusCode).toBe(302);
    const row = await t.orm.em.fork().findOneOrFail(LoginAddressAttempt, { address: office });
    expect(row.failures).toBe(ADDRESS_FAILURES_BEFORE_LOCK - 2);
    // Two more failures lock the address.
    await login('typo-a@school.example', 'wrong-password', office);
    expect((await login('typo-b@school.example', 'wrong-password', office)).statusCode).toBe(429);
  });

  it('an IPv6 client is counted by its /64: rotating addresses inside it does not help', async () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    const answers = [];
    for (let i = 0; i < ADDRESS_FAILURES_BEFORE_LOCK + 2; i++) answers.push(await login(`v6-${i}@school.example`, 'wrong-password', `2001:db8:9:9::${(i + 1).toString(16)}`));
    expect(answers.at(-1)!.statusCode).toBe(429);
  });

  it('24 parallel sign-ins from 24 addresses: at most two at a time, a few wait, the rest are told to retry before any work; /healthz answers meanwhile', async () => {
    const before = { ...checks() };
    const flood = Array.from({ length: 24 }, (_, i) => login(`flood${i}@school.example`, 'wrong-password', `100.64.${i}.1`));
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    const answers = await Promise.all(flood);
    expect(health.statusCode).toBe(200);
    expect(checks().peak).toBeLessThanOrEqual(PASSWORD_CHECKS_AT_ONCE);
    // Each sign-in either had its turn (and its one argon2 call) or was refused without a check.
    const ran = checks().runs - before.runs;
    const refused = checks().refused - before.refused;
    expect(ran + refused).toBe(24);
    expect(checks().checks - before.checks).toBe(ran);
    expect(refused).toBeGreaterThanOrEqual(24 - PASSWORD_CHECKS_AT_ONCE - PASSWORD_CHECKS_WAITING);
    const busy = answers.filter((r) => r.statusCode === 429);
    expect(busy.length).toBe(refused);
    for (const res of busy) expect(loginError(res)).toBe(BUSY);
    // A refusal for lack of a turn costs the e-mail and the address nothing: it never reached the database.
    const rows = await t.orm.em.fork().find(LoginAddressAttempt, { address: { $like: '100.64.%' } });
    expect(rows.length).toBe(ran);
    expect(rows.reduce((n, r) => n + r.failures, 0)).toBe(ran);
  });
});
