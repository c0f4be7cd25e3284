import type { TFunction } from '../i18n/i18n.js';
import { studentName } from '../people/display-name.js';
import type { JournalPage } from './journal-page.js';

/** The page with its pseudonymised students (G3) named in the language of `t` («Student 7»), for a print or an archive. */
export function pageNamedIn(page: JournalPage, t: TFunction): JournalPage {
  return { ...page, students: page.students.map((s) => ({ ...s, name: studentName({ lastName: s.name, pseudonymNo: s.pseudonymNo }, 'full', t) })) };
}
