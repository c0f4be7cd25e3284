import type { ResourceOptions, ResourceWithOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import { RECORD_KINDS, type RecordKindName } from '../../core/records/record-kinds.js';
import { ScopedResource } from './scoped-resource.js';
import { shownTo } from './visibility.js';

const NAVIGATION = {
  school: { name: 'Школа', icon: 'Home' },
  year: { name: 'Учебный год', icon: 'Calendar' },
  people: { name: 'Люди', icon: 'Users' },
  timetable: { name: 'Расписание', icon: 'Clock' },
  journal: { name: 'Журнал', icon: 'BookOpen' },
  access: { name: 'Доступ', icon: 'Key' },
} as const;
export type Section = keyof typeof NAVIGATION;

const hiddenExceptShow = { isVisible: { list: false, filter: false, show: true, edit: false } };
const never = () => false;

/**
 * A panel resource over the core's record service, with the buttons each role may use. `history` marks
 * records that are written by their own flow and never edited in place.
 */
export function resource(core: Core, kind: RecordKindName, section: Section, options: ResourceOptions = {}, history = false): ResourceWithOptions {
  const { view, edit, permanent } = RECORD_KINDS[kind] as { view: Parameters<typeof shownTo>[0]; edit: Parameters<typeof shownTo>[0]; permanent?: true };
  const canView = shownTo(view);
  const canEdit = history || permanent ? never : shownTo(edit);
  const scoped = new ScopedResource(core, kind);
  const dates = Object.fromEntries(scoped.dateProperties().map((name) => [name, { type: 'date' as const }]));
  return {
    resource: scoped,
    options: {
      navigation: NAVIGATION[section],
      sort: { sortBy: 'id', direction: 'asc' },
      ...options,
      properties: {
        id: hiddenExceptShow,
        createdAt: hiddenExceptShow,
        updatedAt: hiddenExceptShow,
        version: { isVisible: false },
        school: { isVisible: { list: false, filter: false, show: true, edit: true } },
        ...dates,
        ...options.properties,
      },
      actions: {
        list: { isAccessible: canView },
        show: { isAccessible: canView },
        search: { isAccessible: canView },
        new: { isAccessible: kind === 'StudentMovement' ? shownTo('students.move') : canEdit },
        edit: { isAccessible: canEdit },
        delete: { isAccessible: canEdit },
        bulkDelete: { isAccessible: canEdit },
        dataTransfer: {
          actionType: 'resource',
          icon: 'Download',
          component: 'KlassnyDataTransfer',
          isAccessible: shownTo('data.export'),
          handler: async () => ({}),
        },
        ...options.actions,
      },
    },
  };
}
