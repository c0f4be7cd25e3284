import type { ResourceOptions, ResourceWithOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import { RECORD_KINDS, type RecordKindName } from '../../core/records/record-kinds.js';
import { withReadLog } from './read-hooks.js';
import { RecordResource, recordSource } from './record-resource.js';
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
 * A panel resource over the core's record lists, with the buttons each role may use. `history` marks
 * records that are written by their own flow and never edited in place.
 */
export function resource(core: Core, kind: RecordKindName, section: Section, options: ResourceOptions = {}, history = false): ResourceWithOptions {
  const { view, edit, permanent } = RECORD_KINDS[kind] as { view: Parameters<typeof shownTo>[0]; edit: Parameters<typeof shownTo>[0]; permanent?: true };
  const canView = shownTo(view);
  const canEdit = history || permanent ? never : shownTo(edit);
  return {
    resource: new RecordResource(core, kind, recordSource(core, kind)),
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
        ...options.properties,
      },
      actions: withReadLog(core, kind, {
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
      }),
    },
  };
}
