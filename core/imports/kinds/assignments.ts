import { assignmentKey } from '../lookups.js';
import { ASSIGNMENT_COLUMNS, assignmentLookups } from './assignment-cells.js';
import { integerCell } from './cells.js';
import type { ImportKind } from './kind.js';

/**
 * Нагрузка (A9): Класс, Подгруппа, Предмет, Учитель, Часов в год — who teaches what to which class in the
 * current year, so that a timetable and plans can follow. An assignment the school already has (or one
 * named twice in the file) is refused rather than doubled.
 */
export const assignmentsImport: ImportKind = {
  columns: [
    ...ASSIGNMENT_COLUMNS,
    { key: 'plannedHours', required: true, aliases: ['часы в год', 'часов', 'плановые часы', 'hours a year'] },
  ],
  async start(ctx) {
    const lookups = await assignmentLookups(ctx);
    return async (row) => {
      if (!lookups) return void row.reject('group', 'import.noCurrentYear');
      const parts = lookups.partsOf(row);
      const plannedHours = integerCell(row, 'plannedHours');
      if (row.get('plannedHours') === '') row.reject('plannedHours', 'required');
      if (!parts || row.failed) return;
      const key = assignmentKey(parts.groupId, parts.subjectId, parts.teacherId, parts.subgroupId);
      if (lookups.assignments.has(key)) return void row.reject('teacher', 'import.assignmentExists', { subject: row.get('subject'), group: row.get('group') });
      const id = await row.save(
        'TeachingAssignment',
        { year: lookups.yearId, group: parts.groupId, subgroup: parts.subgroupId ?? '', subject: parts.subjectId, teacher: parts.teacherId, plannedHours },
        { year: 'group', group: 'group', subgroup: 'subgroup', subject: 'subject', teacher: 'teacher', plannedHours: 'plannedHours' },
      );
      if (id !== undefined) lookups.assignments.set(key, [id]);
    };
  },
};
