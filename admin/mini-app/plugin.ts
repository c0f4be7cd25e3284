import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Core } from '../../core/core.js';
import { JOURNAL_GRID_PATH } from '../../core/journal-view/journal-grid.js';
import { translator } from '../../core/i18n/i18n.js';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../core/i18n/languages.js';
import type { WebAppIdentity } from '../../core/telegram/web-app-sign-in.js';
import type { Refusal } from '../refusals.js';
import { sendCompressed } from './compressed.js';
import { miniAppSecurityHeaders } from './mini-app-security.js';
import { attendanceBody, changeMarkBody, giveMarkBody, queryId, removeMarkBody } from './mini-app-requests.js';

export const MINI_APP_PATH = '/app';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who opened the Mini App, established from the request's initData (absent on the page and its files). */
    webApp?: WebAppIdentity;
  }
}

const PUBLIC = new URL('./public/', import.meta.url);
const JS = 'text/javascript; charset=utf-8';
const ASSETS: Record<string, string> = {
  'app.js': JS, 'api.js': JS, 'telegram.js': JS, 'grid.js': JS, 'editor.js': JS, 'dom.js': JS, 'app.css': 'text/css; charset=utf-8',
};
/** initData travels in this header, as Telegram's own examples send it: `Authorization: tma <initData>`. */
const SCHEME = /^tma (.+)$/;

/**
 * The Telegram Mini App at /app (issue 19): the journal grid's page and files, and its JSON API under /app/api,
 * where every request proves who it is with the launch's initData (core/telegram/web-app-sign-in.ts) and
 * every read and change goes through the same core services and policy as the bot's.
 */
export async function miniApp(app: FastifyInstance, { core }: { core: Core }): Promise<void> {
  miniAppSecurityHeaders(app);
  app.addHook('onRequest', (_req, _reply, done) => core.unitOfWork(done));

  const language = (req: FastifyRequest): Language => req.webApp?.language ?? claimedLanguage(req);
  const refusalView = (refusal: Refusal, req: FastifyRequest, reply: FastifyReply) => {
    // A cell someone else changed meanwhile: 409, so the page redraws it with what is there now.
    const status = refusal.problems.some((p) => p.key === 'concurrentChange') ? 409 : refusal.status;
    return reply.code(status).header('cache-control', 'no-store').send({ errors: refusal.describe(translator(core.i18n, language(req))) });
  };
  const config = { language, refusalView };

  const files = new Map<string, Promise<Buffer>>();
  const file = (name: string) => {
    if (!files.has(name)) files.set(name, readFile(new URL(name, PUBLIC)));
    return files.get(name)!;
  };
  app.get(JOURNAL_GRID_PATH.slice(MINI_APP_PATH.length), async (req, reply) => sendCompressed(req, reply.header('cache-control', 'no-cache'), await file('index.html'), 'text/html; charset=utf-8'));
  for (const [name, type] of Object.entries(ASSETS)) {
    app.get(`/assets/${name}`, async (req, reply) => sendCompressed(req, reply.header('cache-control', 'no-cache'), await file(name), type));
  }

  // The page's words before anyone is signed in (opened without initData): nothing personal, no sign-in.
  app.get<{ Querystring: { lang?: unknown } }>('/strings', async (req) => core.i18n.getResourceBundle(isLanguage(req.query.lang) ? req.query.lang : DEFAULT_LANGUAGE, 'miniApp') as unknown);

  // Everything under /api: signed in by initData first, on every request.
  await app.register(async (api) => {
    api.addHook('preHandler', async (req) => {
      const initData = SCHEME.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
      req.webApp = await core.webAppSignIn.identify(initData);
    });
    api.addHook('onSend', async (_req, reply, payload) => {
      reply.header('cache-control', 'no-store');
      return payload;
    });
    const actor = (req: FastifyRequest) => req.webApp!.actor;

    api.get('/session', { config }, async (req) => {
      const who = req.webApp!;
      return {
        language: who.language,
        strings: core.i18n.getResourceBundle(who.language, 'miniApp') as unknown,
        user: { name: who.displayName, role: who.mainRole },
      };
    });

    api.get<{ Querystring: { group?: string; assignment?: string } }>('/choices', { config }, async (req, reply) => {
      const [group, assignment] = [queryId(req.query.group), queryId(req.query.assignment)];
      if (group === null || assignment === null) return reply.code(404).send({ errors: [translator(core.i18n, language(req))('errors:notFound')] });
      return core.journalGrids.choices(actor(req), { ...(group ? { groupId: group } : {}), ...(assignment ? { assignmentId: assignment } : {}) });
    });

    api.get<{ Querystring: { assignment?: string; period?: string } }>('/grid', { config }, async (req, reply) => {
      const [assignment, period] = [queryId(req.query.assignment), queryId(req.query.period)];
      if (!assignment || period === null) return reply.code(404).send({ errors: [translator(core.i18n, language(req))('errors:notFound')] });
      const grid = await core.journalGrids.grid(assignment, period, actor(req));
      return sendCompressed(req, reply, JSON.stringify(grid), 'application/json; charset=utf-8');
    });

    const body = <T extends z.ZodType>(schema: T, req: FastifyRequest, reply: FastifyReply): z.infer<T> | undefined => {
      const parsed = schema.safeParse(req.body);
      if (parsed.success) return parsed.data;
      void reply.code(400).send({ errors: [translator(core.i18n, language(req))('miniApp:errors.badRequest')] });
      return undefined;
    };
    const row = (req: FastifyRequest, place: { assignmentId: number; periodId: number; studentId: number }) =>
      core.journalGrids.row(place, place.studentId, actor(req));

    api.post('/marks', { config }, async (req, reply) => {
      const b = body(giveMarkBody, req, reply);
      if (!b) return reply;
      await core.journalGrids.giveMark(b.lessonId, b.studentId, { value: b.value, second: b.second, workTypeId: b.workTypeId, comment: b.comment ?? null, seen: b.seen }, actor(req));
      return row(req, b);
    });

    api.patch<{ Params: { markId: string } }>('/marks/:markId', { config }, async (req, reply) => {
      const markId = queryId(req.params.markId);
      const b = body(changeMarkBody, req, reply);
      if (!b) return reply;
      if (!markId) return reply.code(404).send({ errors: [translator(core.i18n, language(req))('errors:notFound')] });
      await core.journalGrids.changeMark(markId, { value: b.value, second: b.second, workTypeId: b.workTypeId, ...(b.comment !== undefined ? { comment: b.comment } : {}) }, b.version, actor(req));
      return row(req, b);
    });

    api.delete<{ Params: { markId: string } }>('/marks/:markId', { config }, async (req, reply) => {
      const markId = queryId(req.params.markId);
      const b = body(removeMarkBody, req, reply);
      if (!b) return reply;
      if (!markId) return reply.code(404).send({ errors: [translator(core.i18n, language(req))('errors:notFound')] });
      await core.journalGrids.removeMark(markId, b.version, actor(req));
      return row(req, b);
    });

    api.put('/attendance', { config }, async (req, reply) => {
      const b = body(attendanceBody, req, reply);
      if (!b) return reply;
      await core.journalGrids.setAttendance(b.lessonId, b.studentId, b.code, b.version, actor(req));
      return row(req, b);
    });
  }, { prefix: '/api' });
}

/** Before initData is checked, the language its user claims: only to word a refusal, never to decide anything. */
function claimedLanguage(req: FastifyRequest): Language {
  const initData = /^tma (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
  try {
    const code = (JSON.parse(new URLSearchParams(initData ?? '').get('user') ?? '{}') as { language_code?: unknown }).language_code;
    const base = typeof code === 'string' ? code.slice(0, 2) : undefined;
    return isLanguage(base) ? base : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}
