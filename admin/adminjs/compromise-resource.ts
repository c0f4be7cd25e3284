import type { ActionContext, ActionRequest, ActionResponse, ResourceWithOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import { translator } from '../../core/i18n/i18n.js';
import { refusalText } from './domain-errors.js';
import { resource } from './resource.js';
import { actorOf, languageOf } from './request-actor.js';
import { shownTo } from './visibility.js';

const never = () => false;

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
          params.operations = await core.panel.compromiseOperations(Number(params.id), actorOf(context), languageOf(context));
          return response;
        },
      },
      rollBack: {
        actionType: 'record',
        icon: 'RotateCcw',
        component: false,
        isAccessible: shownTo('staff.edit'),
        guard: 'rollBackGuard',
        handler: async (_request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
          const record = context.record!;
          try {
            const result = await core.security.rollBack(Number(record.id()), actorOf(context));
            return { record: record.toJSON(context.currentAdmin), notice: { message: core.panel.rollbackNotice(result, translator(core.i18n, languageOf(context))), type: 'success' } };
          } catch (err) {
            // Nothing was undone (one transaction): the reason, in the panel's language, as the notice.
            return { record: record.toJSON(context.currentAdmin), notice: { message: 'nothingRolledBack', options: { reason: refusalText(core, err, languageOf(context)) }, type: 'error' } };
          }
        },
      },
    },
  });
}
