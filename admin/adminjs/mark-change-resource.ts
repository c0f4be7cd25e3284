import type { PropertyType, ResourceWithOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import type { TFunction } from '../../core/i18n/i18n.js';
import type { MarkChangeRow } from '../../core/journal/mark-change-report.js';
import { CoreResource, type CoreResourceSource } from './core-resource.js';
import { shownTo } from './visibility.js';

const never = () => false;
const COLUMNS: [string, PropertyType][] = [
  ['changedAt', 'datetime'], ['teacher', 'string'], ['lessonDate', 'date'], ['student', 'string'],
  ['subject', 'string'], ['group', 'string'], ['oldMark', 'string'], ['newMark', 'string'],
];
/** Shown nowhere, only filtered by: the school-local days of the changes. */
const FILTER = 'changedOn';

/** A date picker's value as a calendar day: «2026-11-20» or the date part of an ISO instant. */
function day(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

/** A row as the list shows it: a removed mark says so, a vanished student keeps its number. */
function toParams(row: MarkChangeRow, t: TFunction): Record<string, unknown> {
  return {
    id: row.id,
    changedAt: row.changedAt,
    teacher: row.teacher ?? '—',
    lessonDate: row.lessonDate,
    student: row.student ?? (row.studentId ? `№${row.studentId}` : '—'),
    subject: row.subject,
    group: row.group,
    oldMark: row.oldMark,
    newMark: row.newMark ?? t('common:audit.markRemoved'),
  };
}

/**
 * «Изменения отметок» (B4): the core's mark-change report as a read-only list over `core.markChanges`,
 * which decides who may read it (audit.view).
 */
function markChangeSource(core: Core): CoreResourceSource {
  return {
    id: 'MarkChange',
    columns: [...COLUMNS, [FILTER, 'date']],
    async list(actor, filter, page, t) {
      const range = filter.filters[FILTER]?.value as { from?: unknown; to?: unknown } | undefined;
      const from = day(range?.from);
      const to = day(range?.to);
      const { rows, total } = await core.markChanges.list({ ...(from ? { from } : {}), ...(to ? { to } : {}), ...page }, actor);
      return { rows: rows.map((row) => toParams(row, t)), total };
    },
    get: async (actor, id, t) => toParams(await core.markChanges.entry(id, actor), t),
  };
}

export function markChangeResource(core: Core): ResourceWithOptions {
  const canRead = shownTo('audit.view');
  return {
    resource: new CoreResource(core, markChangeSource(core)),
    options: {
      navigation: { name: 'Журнал', icon: 'BookOpen' },
      listProperties: COLUMNS.map(([path]) => path),
      showProperties: COLUMNS.map(([path]) => path),
      filterProperties: [FILTER],
      properties: { id: { isVisible: false } },
      actions: {
        list: { isAccessible: canRead },
        show: { isAccessible: canRead },
        search: { isAccessible: never },
        new: { isAccessible: never },
        edit: { isAccessible: never },
        delete: { isAccessible: never },
        bulkDelete: { isAccessible: never },
      },
    },
  };
}
