import { assignmentsImport } from './assignments.js';
import type { ImportKind } from './kind.js';
import { plansImport } from './plans.js';
import { staffImport } from './staff.js';
import { studentsImport } from './students.js';
import { subjectsImport } from './subjects.js';
import { timetableImport } from './timetable.js';

/** The lists a school imports, in the order a new school imports them. */
export const IMPORT_KINDS = {
  staff: staffImport,
  subjects: subjectsImport,
  students: studentsImport,
  assignments: assignmentsImport,
  timetable: timetableImport,
  plans: plansImport,
} satisfies Record<string, ImportKind>;

export type ImportKindName = keyof typeof IMPORT_KINDS;

export function isImportKind(name: string): name is ImportKindName {
  return Object.hasOwn(IMPORT_KINDS, name);
}
