import type { TFunction } from '../i18n/i18n.js';

/**
 * A person's name as it is stored, and — once the consent behind it was withdrawn (G3) — the pseudonym's
 * number. A pseudonymised row keeps the Russian code («Ученик 7») in its name columns, so a renderer that
 * forgot this module would still show the code, never the name (which is gone from the database).
 */
export interface NameParts {
  lastName?: string | null;
  firstName?: string | null;
  middleName?: string | null;
  pseudonymNo?: number | null;
}

/** Whose name: a pseudonym reads «Ученик N» for a student and «Родитель N» for a guardian; staff have none. */
export type NamedKind = 'student' | 'guardian' | 'staff';

/**
 * How much of the name a place has room for:
 * `full` «Иванова Мария Петровна», `lastFirst` «Иванова Мария», `initials` «Иванова М. П.»,
 * `lastInitial` «Иванова М.», `firstLast` «Мария Иванова», `address` «Мария Петровна» (the polite form),
 * `first` «Мария», `last` «Иванова». A pseudonym is the same in every form.
 */
export type NameForm = 'full' | 'lastFirst' | 'initials' | 'lastInitial' | 'firstLast' | 'address' | 'first' | 'last';

export interface NameOptions {
  kind?: NamedKind;
  form?: NameForm;
  /** With it a pseudonym is said in the reader's language («Student 7»); without it, as stored. */
  t?: TFunction;
}

const initial = (part: string | null | undefined) => (part ? `${part.charAt(0)}.` : '');
const joined = (...parts: (string | null | undefined)[]) => parts.filter(Boolean).join(' ');

function formed(p: NameParts, form: NameForm): string {
  switch (form) {
    case 'full': return joined(p.lastName, p.firstName, p.middleName);
    case 'lastFirst': return joined(p.lastName, p.firstName);
    case 'initials': return joined(p.lastName, joined(initial(p.firstName), initial(p.middleName)));
    case 'lastInitial': return joined(p.lastName, initial(p.firstName));
    case 'firstLast': return joined(p.firstName, p.lastName);
    case 'address': return joined(p.firstName, p.middleName ?? p.lastName);
    case 'first': return p.firstName || p.lastName || '';
    case 'last': return p.lastName ?? '';
  }
}

/**
 * THE way a person is named by every renderer — the panel, the bot, exports, reports, statements, the
 * journal view, messages and notifications — so a withdrawn consent (G3) shows as its pseudonym everywhere.
 */
export function displayName(person: NameParts, options: NameOptions = {}): string {
  const n = person.pseudonymNo;
  if (n !== null && n !== undefined) {
    if (options.t && (options.kind === 'student' || options.kind === 'guardian')) return options.t(`common:people.pseudonym.${options.kind}`, { n });
    return joined(person.lastName, person.firstName) || `№${n}`;
  }
  return formed(person, options.form ?? 'full');
}

export const studentName = (s: NameParts, form: NameForm = 'full', t?: TFunction) => displayName(s, { kind: 'student', form, ...(t ? { t } : {}) });
export const guardianName = (g: NameParts, form: NameForm = 'full', t?: TFunction) => displayName(g, { kind: 'guardian', form, ...(t ? { t } : {}) });
export const staffName = (s: NameParts, form: NameForm = 'full') => displayName(s, { kind: 'staff', form });

/** «Иванова Мария Петровна»: the full ФИО (a pseudonym as stored). */
export const fullName = (p: NameParts) => displayName(p, { form: 'full' });
/** «Иванова М. П.»: a surname with initials, for lists where the full ФИО does not fit. */
export const shortName = (p: NameParts) => displayName(p, { form: 'initials' });

/**
 * The columns a query selects to name a person of the table aliased `alias`, as `<prefix>last_name`,
 * `<prefix>first_name`, `<prefix>middle_name` and (students and guardians) `<prefix>pseudonym_no`.
 */
export function nameColumns(alias: string, prefix = '', pseudonym = true): string {
  const columns = ['last_name', 'first_name', 'middle_name', ...(pseudonym ? ['pseudonym_no'] : [])];
  return columns.map((c) => `${alias}.${c} as ${prefix}${c}`).join(', ');
}

/** What `nameColumns` selected, as the parts `displayName` takes. */
export function namePartsOf(selected: object, prefix = ''): NameParts {
  const row = selected as Record<string, unknown>;
  const text = (key: string) => (typeof row[prefix + key] === 'string' ? (row[prefix + key] as string) : null);
  const n = row[`${prefix}pseudonym_no`];
  return { lastName: text('last_name'), firstName: text('first_name'), middleName: text('middle_name'), pseudonymNo: typeof n === 'number' ? n : null };
}
