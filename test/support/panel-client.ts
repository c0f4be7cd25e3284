import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { PANEL_PASSWORD } from './school-fixture.js';

/** Signs people of a school fixture into the panel over HTTP, once each, and calls the panel's API as them. */
export function panelClient(app: () => FastifyInstance) {
  const cookies = new Map<string, string>();
  async function login(email: string): Promise<string> {
    const cached = cookies.get(email);
    if (cached) return cached;
    const res = await app().inject({ method: 'POST', url: '/admin/login', payload: { email, password: PANEL_PASSWORD } });
    expect(res.statusCode, `login of ${email}`).toBe(302);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('klassny_panel='))!.split(';')[0]!;
    cookies.set(email, cookie);
    return cookie;
  }
  const api = async (email: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    app().inject({ method, url: `/admin/api${url}`, headers: { cookie: await login(email) }, ...(payload ? { payload } : {}) });
  return { login, api };
}

/**
 * Whether the panel refused a call: AdminJS answers a refused action with 200 and a ForbiddenError in the body
 * (its frontend shows it as a notice), our routes with 403 or 404, a refused custom action with an error notice.
 */
export function panelRefused(res: { statusCode: number; json(): any }): boolean {
  if (res.statusCode === 403 || res.statusCode === 404) return true;
  const body = res.json();
  return body.record?.baseError?.type === 'ForbiddenError' || body.notice?.message === 'forbiddenError' || body.notice?.type === 'error';
}
