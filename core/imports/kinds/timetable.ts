import { roomsOfSchool } from '../lookups.js';
import { parseWeekday } from '../values.js';
import { ASSIGNMENT_COLUMNS, assignmentFinder } from './assignment-cells.js';
import { dateCell, integerCell, lookupCell } from './cells.js';
import type { ImportKind } from './kind.js';

/**
 * Timetable: a weekly lesson of an existing assignment — Класс, Подгруппа, Предмет, Учитель, День недели,
 * Урок, Кабинет, Действует с, Действует по. Double booking is refused by the timetable's own rules.
 */
export const timetableImport: ImportKind = {
  columns: [
    ...ASSIGNMENT_COLUMNS,
    { key: 'weekday', required: true, aliases: ['день'] },
    { key: 'lessonNumber', required: true, aliases: ['№ урока', 'номер урока'] },
    { key: 'room', aliases: ['аудитория'] },
    { key: 'validFrom', required: true },
    { key: 'validTo' },
  ],
  async start(ctx) {
    const findAssignment = await assignmentFinder(ctx);
    const rooms = await roomsOfSchool(ctx.em, ctx.schoolId);
    return async (row) => {
      const assignment = findAssignment(row);
      const weekday = parseWeekday(row.get('weekday'));
      if (weekday === undefined) row.reject('weekday', row.get('weekday') ? 'import.weekdayInvalid' : 'required', { value: row.get('weekday') });
      const lessonNumber = integerCell(row, 'lessonNumber');
      const roomId = row.get('room') ? lookupCell(row, 'room', rooms, { notFound: 'import.roomNotFound', ambiguous: 'import.roomAmbiguous' }) : null;
      const validFrom = dateCell(row, 'validFrom');
      const validTo = dateCell(row, 'validTo');
      if (!assignment || row.failed) return;
      await row.save(
        'TimetableSlot',
        {
          assignment: assignment.assignmentId, group: assignment.groupId, subgroup: assignment.subgroupId ?? '', room: roomId ?? '',
          weekday, lessonNumber, validFrom, validTo,
        },
        {
          assignment: 'teacher', group: 'group', subgroup: 'subgroup', room: 'room', weekday: 'weekday', lessonNumber: 'lessonNumber',
          validFrom: 'validFrom', validTo: 'validTo',
        },
      );
    };
  },
};
