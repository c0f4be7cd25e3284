import { yesNoCell } from './cells.js';
import type { ImportKind } from './kind.js';

const FLAGS = ['withoutAttestation', 'doubleMarksAllowed', 'schoolComponent'] as const;

/** Subjects: Название, Без аттестации, Двойные отметки, Школьный компонент (да/нет). */
export const subjectsImport: ImportKind = {
  columns: [{ key: 'name', required: true, aliases: ['предмет'] }, ...FLAGS.map((key) => ({ key }))],
  start: async () => async (row) => {
    const flags = Object.fromEntries(FLAGS.map((flag) => [flag, yesNoCell(row, flag)]));
    await row.save('Subject', { name: row.get('name'), ...flags }, { name: 'name', ...Object.fromEntries(FLAGS.map((f) => [f, f])) });
  },
};
