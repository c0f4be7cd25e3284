import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../access/roles.js';
import { AdminAccount } from './admin-account.entity.js';
import { panelActor } from './panel-actor.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';

export const DEMO_ADMIN_EMAIL = 'admin@demo.klassny.local';

/** Who logged in, as the panel's session keeps it (roles only decide which buttons to show). */
export interface PanelIdentity {
  id: number;
  email: string;
  roles: Role[];
  deployment: boolean;
}

export class AdminAccounts {
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly em: () => EntityManager) {}

  /** The administrator named by ADMIN_EMAIL/ADMIN_PASSWORD exists and has that password. */
  async ensureConfigured(email: string, password: string): Promise<void> {
    const em = this.em();
    const account = await em.findOne(AdminAccount, { email: email.toLowerCase() });
    if (!account) {
      em.create(AdminAccount, { email: email.toLowerCase(), passwordHash: await hashPassword(password) });
    } else if (!(await verifyPassword(account.passwordHash, password))) {
      account.passwordHash = await hashPassword(password);
    }
    await em.flush();
  }

  /**
   * Outside production, a panel with no administrator gets a demo one. Returns its password when it was
   * created just now (the only time it can be shown), otherwise undefined.
   */
  async ensureDemo(): Promise<{ email: string; password: string } | undefined> {
    const em = this.em();
    if ((await em.count(AdminAccount, {})) > 0) return undefined;
    const password = generatePassword();
    em.create(AdminAccount, { email: DEMO_ADMIN_EMAIL, passwordHash: await hashPassword(password) });
    await em.flush();
    return { email: DEMO_ADMIN_EMAIL, password };
  }

  async resetPassword(email: string): Promise<string | undefined> {
    const em = this.em();
    const account = await em.findOne(AdminAccount, { email: email.toLowerCase() });
    if (!account) return undefined;
    const password = generatePassword();
    account.passwordHash = await hashPassword(password);
    account.mustChangePassword = true;
    await em.flush();
    return password;
  }

  /** Checks a login; an unknown e-mail costs the same hashing time as a known one. */
  async authenticate(email: string, password: string): Promise<PanelIdentity | undefined> {
    const em = this.em();
    const account = await em.findOne(AdminAccount, { email: String(email).trim().toLowerCase() });
    if (!account) {
      this.dummyHash ??= hashPassword(generatePassword());
      await verifyPassword(await this.dummyHash, password);
      return undefined;
    }
    if (!(await verifyPassword(account.passwordHash, String(password)))) return undefined;
    // A correct password of someone the panel is not for (a guardian's account, a dismissed teacher) opens nothing.
    const actor = await panelActor(em, account.id);
    if (!actor) return undefined;
    account.lastLoginAt = new Date();
    await em.flush();
    return { id: account.id, email: account.email, roles: [...actor.roles], deployment: actor.kind === 'deployment' };
  }
}
