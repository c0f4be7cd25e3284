import { ASSIGNMENT_COLUMNS, assignmentFinder } from './assignment-cells.js';
import type { ImportKind } from './kind.js';
import { integerCell } from './cells.js';

/** Thematic plans (КТП): Класс, Подгруппа, Предмет, Учитель, №, Тема, Часы — topics of an existing assignment. */
export const plansImport: ImportKind = {
  columns: [
    ...ASSIGNMENT_COLUMNS,
    { key: 'number', required: true, aliases: ['номер', 'no', '№ п/п', 'n'] },
    { key: 'title', required: true, aliases: ['тема урока'] },
    { key: 'hours', aliases: ['количество часов', 'кол-во часов'] },
  ],
  async start(ctx) {
    const findAssignment = await assignmentFinder(ctx);
    return async (row) => {
      const assignment = findAssignment(row);
      const position = integerCell(row, 'number');
      const hours = row.get('hours') ? integerCell(row, 'hours') : 1;
      if (row.get('number') === '') row.reject('number', 'required');
      if (!assignment || row.failed) return;
      await row.save(
        'ThematicPlanTopic',
        { assignment: assignment.assignmentId, position, title: row.get('title'), hours },
        { assignment: 'teacher', position: 'number', title: 'title', hours: 'hours' },
      );
    };
  },
};
