import type { ImportRow } from '../import-row.js';
import { parseYesNo } from '../values.js';
import type { ImportKind } from './kind.js';

const FLAGS = ['withoutAttestation', 'doubleMarksAllowed', 'schoolComponent'] as const;

/** да/нет of a column, noting a problem when it is neither. */
export function yesNo(row: ImportRow, column: string): boolean {
  const value = parseYesNo(row.get(column));
  if (value === undefined) row.reject(column, 'import.yesNoInvalid', { value: row.get(column) });
  return value ?? false;
}

/** Subjects: Название, Без аттестации, Двойные отметки, Школьный компонент (да/нет). */
export const subjectsImport: ImportKind = {
  columns: [{ key: 'name', required: true, aliases: ['предмет'] }, ...FLAGS.map((key) => ({ key }))],
  start: async () => async (row) => {
    const flags = Object.fromEntries(FLAGS.map((flag) => [flag, yesNo(row, flag)]));
    await row.save('Subject', { name: row.get('name'), ...flags }, { name: 'name', ...Object.fromEntries(FLAGS.map((f) => [f, f])) });
  },
};
