import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { AdminAccount } from '../../core/accounts/admin-account.entity.js';
import { DEMO_ADMIN_EMAIL } from '../../core/panel/admin-accounts.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

describe('panel administrators', () => {
  let t: TestCore;
  const accounts = () => t.core.adminAccounts;
  const inUnit = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);

  beforeAll(async () => {
    t = await createTestCore();
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a demo administrator once, on an empty panel only, and shows its password only then', async () => {
    const demo = await inUnit(() => accounts().ensureDemo());
    expect(demo?.email).toBe(DEMO_ADMIN_EMAIL);
    expect(await inUnit(() => accounts().authenticate(DEMO_ADMIN_EMAIL, demo!.password))).toMatchObject({ email: DEMO_ADMIN_EMAIL });
    expect(await inUnit(() => accounts().ensureDemo())).toBeUndefined();
  });

  it('makes the configured administrator exist with an argon2id hash, and follows a changed password', async () => {
    await inUnit(() => accounts().ensureConfigured('Head@School.example', 'first-password-1'));
    const stored = await t.orm.em.fork().findOneOrFail(AdminAccount, { email: 'head@school.example' });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain('first-password-1');

    await inUnit(() => accounts().ensureConfigured('head@school.example', 'second-password-2'));
    expect(await t.orm.em.fork().count(AdminAccount, { email: 'head@school.example' })).toBe(1);
    expect(await inUnit(() => accounts().authenticate('head@school.example', 'first-password-1'))).toBeUndefined();
    expect(await inUnit(() => accounts().authenticate('head@school.example', 'second-password-2'))).toBeDefined();
  });

  it('resets a password to a temporary one that must be changed', async () => {
    const password = await inUnit(() => accounts().resetPassword('head@school.example'));
    expect(password).toMatch(/^\S{14}$/);
    const stored = await t.orm.em.fork().findOneOrFail(AdminAccount, { email: 'head@school.example' });
    expect(stored.mustChangePassword).toBe(true);
    expect(await inUnit(() => accounts().resetPassword('nobody@school.example'))).toBeUndefined();
    // The reset is in the audit log, the password is not.
    const [entry] = await t.orm.em.fork().find(AuditEntry, { entity: 'AdminAccount' }, { orderBy: { id: 'desc' }, limit: 1 });
    expect(entry).toMatchObject({ action: 'update', source: 'cli', after: { mustChangePassword: true, passwordChanged: true } });
    expect(JSON.stringify(entry)).not.toContain(password!);
  });
});
