import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import type { Actor } from '../access/actor.js';
import type { AuditEntry } from '../audit/audit-entry.entity.js';
import { resources, type TFunction } from '../i18n/i18n.js';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';
import { columnTitle, valueTitle } from '../exports/column-titles.js';
import { School } from '../school/school.entity.js';
import type { Compromises, RollbackResult } from '../security/compromise.js';
import type { KeptReason } from '../security/rollback-plan.js';
import { shownValue as shown } from './audit-text.js';

const NAME_FIELDS = ['lastName', 'firstName', 'name', 'title'];

/** «2026-11-20 14:03 — Изменение: Ученик №12 (Фамилия: Иванов → Петров)», in the school's time zone. */
export function operationLine(op: AuditEntry, timeZone: string, language: Language = DEFAULT_LANGUAGE): string {
  const words = resources[language].common.rollback;
  const when = DateTime.fromJSDate(op.at).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm');
  const what = `${(words.one as Record<string, string>)[op.entity] ?? valueTitle('AuditEntry', 'entity', op.entity, language)} №${op.entityId}`;
  let details: string[];
  if (op.action === 'update') {
    const before = op.before ?? {};
    const after = op.after ?? {};
    details = Object.keys(after)
      .filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
      .map((f) => `${columnTitle(op.entity, f, language)}: ${shown(op.entity, f, before[f], language)} → ${shown(op.entity, f, after[f], language)}`);
  } else {
    const row = op.after ?? op.before ?? {};
    details = NAME_FIELDS.filter((f) => row[f] !== undefined && row[f] !== null).map((f) => `${columnTitle(op.entity, f, language)}: ${shown(op.entity, f, row[f], language)}`);
  }
  return `${when} — ${(words.actions as Record<string, string>)[op.action] ?? op.action}: ${what}${details.length ? ` (${details.join('; ')})` : ''}`;
}

/**
 * What was done through leaked access (B3), as the report's show page lists it: one line per operation
 * since the leak, newest first, in the school's time zone.
 */
export async function compromiseOperations(em: EntityManager, security: Compromises, reportId: number, actor: Actor, language: Language = DEFAULT_LANGUAGE): Promise<string> {
  const words = resources[language].common.rollback;
  const report = await security.get(reportId, actor);
  const ops = await security.operations(report.id, actor);
  if (!ops.length) return words.none;
  const kept = await security.keptOperations(report.id, actor);
  const school = await em.findOneOrFail(School, report.school.id);
  return ops.map((op) => {
    const reason = kept.get(String(op.id));
    return `${operationLine(op, school.timeZone, language)}${reason ? ` — ${words.keptLong[reason]}` : ''}`;
  }).join('\n');
}

/** «Откачено операций: 3. Не откачено: 2 (изменены позже другими — 1; в закрытом периоде — 1), см. список операций.» */
export function rollbackNotice(result: RollbackResult, t: TFunction): string {
  const text = t('common:rollback.undone', { n: result.undone });
  if (!result.kept.length) return text;
  const counts = new Map<KeptReason, number>();
  for (const { reason } of result.kept) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const parts = [...counts].map(([reason, n]) => t('common:rollback.part', { reason: t(`common:rollback.keptShort.${reason}`), n })).join('; ');
  return text + t('common:rollback.kept', { n: result.kept.length, parts });
}
