import type { ActionContext, ActionRequest, ActionResponse, ResourceWithOptions } from 'adminjs';
import { ForbiddenError } from 'adminjs';
import { DateTime } from 'luxon';
import type { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import type { Core } from '../../core/core.js';
import { AccessDenied, DomainError } from '../../core/errors.js';
import { columnTitle, valueTitle } from '../../core/exports/column-titles.js';
import { describeProblem, translator } from '../../core/i18n/i18n.js';
import { panelActor } from '../../core/panel/panel-actor.js';
import { School } from '../../core/school/school.entity.js';
import { shownValue } from './audit-text.js';
import { resource } from './resource.js';
import { shownTo } from './visibility.js';

const never = () => false;
const ACTIONS: Record<string, string> = { create: 'Создание', update: 'Изменение', delete: 'Удаление', movement: 'Движение учащихся' };
/** «Ученик №12» reads better than the section's plural name; other kinds fall back to the section. */
const ONE: Record<string, string> = { Student: 'Ученик', Staff: 'Сотрудник', Guardian: 'Родитель', Subject: 'Предмет', Group: 'Класс', Room: 'Кабинет', Building: 'Здание' };
const NAME_FIELDS = ['lastName', 'firstName', 'name', 'title'];

const shown = shownValue;

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

async function actorOf(core: Core, context: ActionContext) {
  const accountId = (context.currentAdmin as { id?: number } | undefined)?.id;
  const actor = accountId ? await panelActor(core.orm.em, accountId) : undefined;
  if (!actor) throw new ForbiddenError();
  return actor;
}

/**
 * «Компрометация доступа» (B3): reports of leaked access, made here («Создать»), from the bot (/leak) or the
 * CLI; each report's show page lists the operations made through the person since the leak, and
 * «Откатить операции» undoes them all, once. The administrator's (permission staff.edit).
 */
export function compromiseResource(core: Core): ResourceWithOptions {
  return resource(core, 'CompromiseReport', 'access', {
    listProperties: ['reportedAt', 'personKind', 'personId', 'leakedSince', 'source', 'rolledBackAt'],
    filterProperties: ['personKind', 'source', 'reportedAt'],
    showProperties: ['reportedAt', 'personKind', 'personId', 'leakedSince', 'source', 'reportedBySelf', 'reportedByStaff', 'bindingsRevoked', 'sessionsEnded', 'rolledBackAt', 'rolledBackBy', 'operations'],
    editProperties: ['personKind', 'personId', 'leakedSince'],
    properties: {
      reportedAt: { type: 'datetime' },
      leakedSince: { type: 'datetime' },
      rolledBackAt: { type: 'datetime' },
      operations: { type: 'textarea', isVisible: { list: false, filter: false, edit: false, show: true } },
    },
    sort: { sortBy: 'reportedAt', direction: 'desc' },
    actions: {
      new: { isAccessible: shownTo('staff.edit') },
      edit: { isAccessible: never },
      delete: { isAccessible: never },
      bulkDelete: { isAccessible: never },
      show: {
        isAccessible: shownTo('staff.edit'),
        after: async (response: ActionResponse, _request: ActionRequest, context: ActionContext) => {
          const params = (response.record as { params?: Record<string, unknown> } | undefined)?.params;
          if (!params) return response;
          const actor = await actorOf(core, context);
          const report = await core.security.get(Number(params.id), actor);
          const ops = await core.security.operations(report.id, actor);
          const school = await core.orm.em.findOneOrFail(School, report.school.id);
          params.operations = ops.length ? ops.map((op) => operationLine(op, school.timeZone)).join('\n') : 'Операций за это время нет.';
          return response;
        },
      },
      rollBack: {
        actionType: 'record',
        icon: 'RotateCcw',
        component: false,
        isAccessible: shownTo('staff.edit'),
        guard: 'Отменить все операции, сделанные через этот доступ со времени утечки? Это делается один раз и записывается в журнал изменений.',
        handler: async (_request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
          const record = context.record!;
          try {
            const result = await core.security.rollBack(Number(record.id()), await actorOf(core, context));
            const skipped = result.skipped.length ? ` Не откатываются автоматически (движение учащихся, согласия — внесите исправляющую запись): ${result.skipped.length}.` : '';
            return {
              record: record.toJSON(context.currentAdmin),
              notice: { message: `Откачено операций: ${result.undone}.${skipped}`, type: 'success' },
            };
          } catch (err) {
            if (err instanceof AccessDenied) throw new ForbiddenError();
            if (!(err instanceof DomainError)) throw err;
            // Nothing was undone (one transaction): the reason, in Russian, as the notice.
            const t = translator(core.i18n, 'ru');
            const message = `Ничего не откачено: ${err.problems.map((p) => describeProblem(t, p)).join(' ')}`;
            return { record: record.toJSON(context.currentAdmin), notice: { message, type: 'error' } };
          }
        },
      },
    },
  });
}
