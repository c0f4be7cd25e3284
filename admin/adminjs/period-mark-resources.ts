import type { ActionContext, ActionRequest, ActionResponse, BaseRecord, CurrentAdmin, Filter, ResourceWithOptions } from 'adminjs';
import { ForbiddenError } from 'adminjs';
import type { Core } from '../../core/core.js';
import { AccessDenied, DomainError } from '../../core/errors.js';
import { describeProblem, translator } from '../../core/i18n/i18n.js';
import { panelActor } from '../../core/panel/panel-actor.js';
import { Student } from '../../core/people/student.entity.js';
import type { RecordKindName } from '../../core/records/record-kinds.js';
import { TeachingAssignment } from '../../core/schedule/teaching-assignment.entity.js';
import { Period } from '../../core/school/period.entity.js';
import { fullName } from '../../core/school/rules/names.js';
import { resource } from './resource.js';
import { assignmentTitle, ScopedResource } from './scoped-resource.js';
import { shownTo } from './visibility.js';

const named = { type: 'string' as const, isSortable: false, isVisible: { list: true, show: true, edit: false, filter: false } };
const referenceOnlyInFilter = { isVisible: { list: false, show: false, edit: false, filter: true } };

/**
 * Period marks and locks with the names of their student, assignment and period: a teacher holds no
 * right to the student or period lists, so the referenced records could not be shown to it by reference.
 */
class JournalRowsResource extends ScopedResource {
  constructor(private readonly deps: Core, kind: RecordKindName) {
    super(deps, kind);
  }

  override async find(filter: Filter, params: Parameters<ScopedResource['find']>[1], context?: ActionContext): Promise<BaseRecord[]> {
    return this.withNames(await super.find(filter, params, context));
  }

  override async findOne(id: string | number, context?: ActionContext): Promise<BaseRecord | null> {
    const record = await super.findOne(id, context);
    return record ? ((await this.withNames([record]))[0] ?? null) : null;
  }

  override async findMany(ids: (string | number)[], context?: ActionContext): Promise<BaseRecord[]> {
    return this.withNames(await super.findMany(ids, context));
  }

  private async withNames(records: BaseRecord[]): Promise<BaseRecord[]> {
    if (!records.length) return records;
    const em = this.deps.orm.em;
    const ids = (field: string) => [...new Set(records.map((r) => Number(r.params[field])).filter((n) => n > 0))];
    const [students, assignments, periods] = await Promise.all([
      ids('student').length ? em.find(Student, { id: { $in: ids('student') } }) : [],
      em.find(TeachingAssignment, { id: { $in: ids('assignment') } }, { populate: ['subject', 'group', 'subgroup', 'teacher'] }),
      em.find(Period, { id: { $in: ids('period') } }),
    ]);
    for (const record of records) {
      const student = students.find((s) => s.id === Number(record.params.student));
      const assignment = assignments.find((a) => a.id === Number(record.params.assignment));
      record.params.studentName = student ? fullName(student) : null;
      record.params.assignmentTitle = assignment ? assignmentTitle(assignment) : null;
      record.params.periodName = periods.find((p) => p.id === Number(record.params.period))?.name ?? null;
    }
    return records;
  }
}

function journalResource(core: Core, kind: 'PeriodMark' | 'PeriodLock', options: Parameters<typeof resource>[3]): ResourceWithOptions {
  const base = resource(core, kind, 'journal', options, true);
  return { ...base, resource: new JournalRowsResource(core, kind) };
}

/** «Итоговые отметки» (C7): set by the teachers in the bot; read here within the reach of journal.view. */
export function periodMarkResource(core: Core): ResourceWithOptions {
  return journalResource(core, 'PeriodMark', {
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
  });
}

async function actorOf(core: Core, context: ActionContext) {
  const accountId = (context.currentAdmin as { id?: number } | undefined)?.id;
  const actor = accountId ? await panelActor(core.orm.em, accountId) : undefined;
  if (!actor) throw new ForbiddenError();
  return actor;
}

/**
 * «Закрытые периоды» (C7): the assignments' periods closed by their period marks; «Разблокировать» reopens
 * one, the administrator's alone — the core refuses anyone else, whatever the request says.
 */
export function periodLockResource(core: Core): ResourceWithOptions {
  const mayUnlock = shownTo('journal.unlock');
  return journalResource(core, 'PeriodLock', {
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
        guard: 'Разблокировать журнал за этот период? Учитель снова сможет менять уроки и отметки периода; журнал закроется, когда итоговые отметки будут выставлены заново.',
        handler: async (_request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
          const record = context.record!;
          try {
            await core.periodMarks.unlock(Number(record.params.assignment), Number(record.params.period), await actorOf(core, context));
            const fresh = (await context.resource.findOne(String(record.id()), context)) ?? record;
            return { record: fresh.toJSON(context.currentAdmin), notice: { message: 'Журнал за период разблокирован.', type: 'success' } };
          } catch (err) {
            if (err instanceof AccessDenied) throw new ForbiddenError();
            if (!(err instanceof DomainError)) throw err;
            const t = translator(core.i18n, 'ru');
            return { record: record.toJSON(context.currentAdmin), notice: { message: err.problems.map((p) => describeProblem(t, p)).join(' '), type: 'error' } };
          }
        },
      },
    },
  });
}
