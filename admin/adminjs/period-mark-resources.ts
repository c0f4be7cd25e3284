import type { ActionContext, ActionRequest, ActionResponse, BaseRecord, CurrentAdmin, ResourceWithOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import { refusalText } from './domain-errors.js';
import { resource } from './resource.js';
import { actorOf, languageOf } from './request-actor.js';
import { shownTo } from './visibility.js';

// The core's rows of period marks and locks carry the names of their student, assignment and period
// (studentName, assignmentTitle, periodName): a teacher holds no right to the student or period lists.
const named = { type: 'string' as const, isSortable: false, isVisible: { list: true, show: true, edit: false, filter: false } };
const referenceOnlyInFilter = { isVisible: { list: false, show: false, edit: false, filter: true } };

/** «Итоговые отметки» (C7): set by the teachers in the bot; read here within the reach of journal.view. */
export function periodMarkResource(core: Core): ResourceWithOptions {
  return resource(core, 'PeriodMark', 'journal', {
    listProperties: ['studentName', 'assignmentTitle', 'periodName', 'value', 'deferredUntil'],
    filterProperties: ['assignment', 'period', 'student', 'value'],
    showProperties: ['studentName', 'assignmentTitle', 'periodName', 'value', 'deferredUntil', 'updatedAt'],
    properties: {
      studentName: { ...named, position: 0 },
      assignmentTitle: { ...named, position: 1 },
      periodName: { ...named, position: 2 },
      student: referenceOnlyInFilter,
      assignment: referenceOnlyInFilter,
      period: referenceOnlyInFilter,
    },
    sort: { sortBy: 'id', direction: 'desc' },
  }, true);
}

/**
 * «Закрытые периоды» (C7): the assignments' periods closed by their period marks; «Разблокировать» reopens
 * one, the administrator's alone — the core refuses anyone else, whatever the request says.
 */
export function periodLockResource(core: Core): ResourceWithOptions {
  const mayUnlock = shownTo('journal.unlock');
  return resource(core, 'PeriodLock', 'journal', {
    listProperties: ['assignmentTitle', 'periodName', 'locked', 'lockedAt', 'unlockedAt', 'unlockedBy'],
    filterProperties: ['assignment', 'period', 'locked'],
    showProperties: ['assignmentTitle', 'periodName', 'locked', 'lockedAt', 'unlockedAt', 'unlockedBy'],
    properties: {
      assignmentTitle: { ...named, position: 0 },
      periodName: { ...named, position: 1 },
      assignment: referenceOnlyInFilter,
      period: referenceOnlyInFilter,
      lockedAt: { type: 'datetime' },
      unlockedAt: { type: 'datetime' },
    },
    sort: { sortBy: 'lockedAt', direction: 'desc' },
    actions: {
      unlock: {
        actionType: 'record',
        icon: 'Unlock',
        component: false,
        isAccessible: mayUnlock,
        isVisible: (context: { currentAdmin?: CurrentAdmin; record?: BaseRecord }) => mayUnlock(context) && context.record?.params.locked === true,
        guard: 'unlockPeriodGuard',
        handler: async (_request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
          const record = context.record!;
          try {
            await core.periodMarks.unlock(Number(record.params.assignment), Number(record.params.period), actorOf(context));
            const fresh = (await context.resource.findOne(String(record.id()), context)) ?? record;
            return { record: fresh.toJSON(context.currentAdmin), notice: { message: 'periodUnlocked', type: 'success' } };
          } catch (err) {
            return { record: record.toJSON(context.currentAdmin), notice: { message: refusalText(core, err, languageOf(context)), type: 'error' } };
          }
        },
      },
    },
  }, true);
}
