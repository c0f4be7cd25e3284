import type { CurrentAdmin } from 'adminjs';
import type { Core } from '../../core/core.js';
import { AccessDenied } from '../../core/base/errors.js';
import { translator } from '../../core/i18n/i18n.js';
import { DEFAULT_LANGUAGE, isLanguage } from '../../core/i18n/languages.js';
import { dayView, type DayView } from './day-summary-view.js';
import { actorOf } from './request-actor.js';

/**
 * The panel's home page (AdminJS's dashboard API, GET /admin/api/dashboard): the school's day by role
 * (core.daySummary), in the language the panel is shown in (`?lang=`, Russian by default), and the counts of
 * what the person may see (core.panel.home). Without an actor of this request, nothing at all.
 */
export function dashboardHandler(core: Core) {
  return async (request: { query?: Record<string, unknown> }, _response: unknown, context: { currentAdmin?: CurrentAdmin }) => {
    let actor;
    try {
      actor = actorOf(context);
    } catch {
      return { counts: {}, days: [], labels: {} };
    }
    const lang = request.query?.lang;
    const t = translator(core.i18n, isLanguage(lang) ? lang : DEFAULT_LANGUAGE);
    let days: DayView[] = [];
    try {
      days = (await core.daySummary.home(actor)).map((summary) => dayView(t, summary));
    } catch (err) {
      // Someone who holds neither the summary nor a journal of its own (an administrator of records only, say).
      if (!(err instanceof AccessDenied)) throw err;
    }
    return { ...(await core.panel.home(actor)), days, labels: t('summary:panel', { returnObjects: true }) as Record<string, unknown> };
  };
}
