import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import type { Actor } from '../access/actor.js';
import type { AuditEntry } from '../audit/audit-entry.entity.js';
import { columnTitle, valueTitle } from '../exports/column-titles.js';
import { School } from '../school/school.entity.js';
import type { Compromises, RollbackResult } from '../security/compromise.js';
import type { KeptReason } from '../security/rollback-plan.js';
import { shownValue as shown } from './audit-text.js';

const ACTIONS: Record<string, string> = { create: 'Создание', update: 'Изменение', delete: 'Удаление', movement: 'Движение учащихся' };
/** «Ученик №12» reads better than the section's plural name; other kinds fall back to the section. */
const ONE: Record<string, string> = {
  Student: 'Ученик', Staff: 'Сотрудник', Guardian: 'Родитель', Subject: 'Предмет', Group: 'Класс', Room: 'Кабинет', Building: 'Здание',
  Mark: 'Отметка', Attendance: 'Посещаемость', Lesson: 'Урок', Homework: 'Домашнее задание', PeriodMark: 'Итоговая отметка', PeriodLock: 'Закрытие периода',
};
const NAME_FIELDS = ['lastName', 'firstName', 'name', 'title'];
const NONE = 'Операций за это время нет.';
/** Why an operation is (or would be) kept by «Откатить операции», as the show page and the notice say it. */
const KEPT: Record<KeptReason, string> = {
  superseded: 'не откатывается: запись изменена позже другим пользователем',
  periodLocked: 'не откачено: период закрыт итоговыми отметками',
  history: 'не откатывается автоматически: внесите исправляющую запись',
};
const KEPT_SHORT: Record<KeptReason, string> = {
  superseded: 'изменены позже другими',
  periodLocked: 'в закрытом периоде',
  history: 'движение учащихся, согласия и т. п. — внесите исправляющую запись',
};

/** «2026-11-20 14:03 — Изменение: Ученик №12 (Фамилия: Иванов → Петров)», in the school's time zone. */
export function operationLine(op: AuditEntry, timeZone: string): string {
  const when = DateTime.fromJSDate(op.at).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm');
  const what = `${ONE[op.entity] ?? valueTitle('AuditEntry', 'entity', op.entity)} №${op.entityId}`;
  let details: string[];
  if (op.action === 'update') {
    const before = op.before ?? {};
    const after = op.after ?? {};
    details = Object.keys(after)
      .filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
      .map((f) => `${columnTitle(op.entity, f)}: ${shown(op.entity, f, before[f])} → ${shown(op.entity, f, after[f])}`);
  } else {
    const row = op.after ?? op.before ?? {};
    details = NAME_FIELDS.filter((f) => row[f] !== undefined && row[f] !== null).map((f) => `${columnTitle(op.entity, f)}: ${shown(op.entity, f, row[f])}`);
  }
  return `${when} — ${ACTIONS[op.action] ?? op.action}: ${what}${details.length ? ` (${details.join('; ')})` : ''}`;
}

/**
 * What was done through leaked access (B3), as the report's show page lists it: one line per operation
 * since the leak, newest first, in the school's time zone.
 */
export async function compromiseOperations(em: EntityManager, security: Compromises, reportId: number, actor: Actor): Promise<string> {
  const report = await security.get(reportId, actor);
  const ops = await security.operations(report.id, actor);
  if (!ops.length) return NONE;
  const kept = await security.keptOperations(report.id, actor);
  const school = await em.findOneOrFail(School, report.school.id);
  return ops.map((op) => {
    const reason = kept.get(String(op.id));
    return `${operationLine(op, school.timeZone)}${reason ? ` — ${KEPT[reason]}` : ''}`;
  }).join('\n');
}

/** «Откачено операций: 3. Не откачено: 2 (изменены позже другими — 1; в закрытом периоде — 1), см. список операций.» */
export function rollbackNotice(result: RollbackResult): string {
  const text = `Откачено операций: ${result.undone}.`;
  if (!result.kept.length) return text;
  const counts = new Map<KeptReason, number>();
  for (const { reason } of result.kept) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const parts = [...counts].map(([reason, n]) => `${KEPT_SHORT[reason]} — ${n}`).join('; ');
  return `${text} Не откачено: ${result.kept.length} (${parts}), см. список операций.`;
}
