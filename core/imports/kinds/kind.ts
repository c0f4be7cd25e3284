import type { ColumnSpec } from '../columns.js';
import type { ImportContext, ImportRow } from '../import-row.js';

/** One kind of list a school imports: its columns, and how one line becomes records. */
export interface ImportKind {
  columns: readonly ColumnSpec[];
  /**
   * Its lines are checked first and written all together at the end, many rows per statement (line-writers.ts,
   * inBulk): for a kind whose lines never read what an earlier line of the file wrote, only what it keeps in
   * memory. Otherwise each line is saved before the next is read.
   */
  bulk?: true;
  /** Loads what the lines look up (once per file) and returns the importer of one line. */
  start(ctx: ImportContext): Promise<(row: ImportRow) => Promise<void>>;
}

/** The same entity field → column map for the parts of a person's name and contacts. */
export const PERSON_COLUMNS = {
  lastName: 'lastName', firstName: 'firstName', middleName: 'middleName', email: 'email', phone: 'phone',
} as const;
