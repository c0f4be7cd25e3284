import { problem, type Problem } from '../../base/errors.js';

// Letters (Cyrillic or Latin) in words joined by a hyphen, a space or an apostrophe: "Салтыков-Щедрин", "Д'Артаньян".
const NAME = /^[A-Za-zА-Яа-яЁё]+(?:[-' ][A-Za-zА-Яа-яЁё]+)*$/u;

/** One part of a ФИО, written out in full (no initials such as «И.»). */
export function checkNamePart(field: string, value: string | null | undefined, required: boolean): Problem | undefined {
  const text = value?.trim() ?? '';
  if (!text) return required ? problem('nameRequired', field) : undefined;
  if (text.includes('.') || text.replace(/[-' ]/g, '').length < 2) return problem('nameAbbreviated', field, { value: text });
  if (!NAME.test(text)) return problem('nameInvalid', field, { value: text });
  return undefined;
}

export interface PersonName {
  lastName?: string | null;
  firstName?: string | null;
  middleName?: string | null;
}

/** Фамилия and имя are required; отчество is optional but, when given, also in full. */
export function checkPersonName(name: PersonName): Problem[] {
  return [
    checkNamePart('lastName', name.lastName, true),
    checkNamePart('firstName', name.firstName, true),
    checkNamePart('middleName', name.middleName, false),
  ].filter((p): p is Problem => p !== undefined);
}

/** A subject's full name, as the journal must show it (S0 §4.3): «Русский язык», not «Рус. яз.». */
export function checkSubjectName(value: string | null | undefined): Problem | undefined {
  const text = value?.trim() ?? '';
  if (!text) return problem('subjectNameRequired', 'name');
  if (/[A-Za-zА-Яа-яЁё]\./u.test(text) || text.length < 3) return problem('subjectNameAbbreviated', 'name', { value: text });
  return undefined;
}

// Names are shown by core/people/display-name.ts alone (a withdrawn consent shows as a pseudonym, G3).
