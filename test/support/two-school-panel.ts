import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../admin/server.js';
import { createSchoolFixture } from './school-fixture.js';
import { createTestCore, type TestCore } from './test-core.js';

/** The deployment's own administrator in a two-school panel (ADMIN_EMAIL/ADMIN_PASSWORD as the start-up sees them). */
export const DEPLOYMENT_EMAIL = 'root@deployment.example';
export const DEPLOYMENT_PASSWORD = 'deployment-password-1';

export type SchoolFixture = Awaited<ReturnType<typeof createSchoolFixture>>;

export interface TwoSchoolPanel {
  t: TestCore;
  app: FastifyInstance;
  one: SchoolFixture;
  two: SchoolFixture;
}

/**
 * What the panel's account tests start from: two schools (so that every boundary can be tried from the
 * other one), the deployment's administrator, and the panel's server. Close it with closeTwoSchoolPanel.
 */
export async function openTwoSchoolPanel(): Promise<TwoSchoolPanel> {
  const t = await createTestCore();
  const one = await createSchoolFixture(t.core, 'Школа № 1');
  const two = await createSchoolFixture(t.core, 'Школа № 2');
  await t.core.unitOfWork(() => t.core.adminAccounts.ensureConfigured(DEPLOYMENT_EMAIL, DEPLOYMENT_PASSWORD));
  return { t, app: await buildServer(t.core), one, two };
}

/** Closes what openTwoSchoolPanel opened, as far as it got. */
export async function closeTwoSchoolPanel(panel: Partial<Pick<TwoSchoolPanel, 't' | 'app'>>): Promise<void> {
  await panel.app?.close();
  await panel.t?.close();
}

/** How many panel sessions the account holds (those a disable, reset or leak report must end). */
export async function sessionsOf(t: TestCore, accountId: number): Promise<number> {
  const rows = await t.orm.em.fork().getConnection().execute<{ n: string }[]>(
    `select count(*) as n from panel_session where data -> 'adminUser' ->> 'id' = ?`, [String(accountId)]);
  return Number(rows[0]!.n);
}
