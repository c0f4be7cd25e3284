/** The i18next context a student's sex picks: «ученица», «отсутствовала» (key_female) or «ученик» (key_male). */
export type SexContext = 'male' | 'female';

/**
 * The wording a text about one student takes: by its sex; with no context (the key itself, a neutral wording)
 * when the sex is unknown, or when the student is pseudonymised (G3): «Ученик 1» tells nothing of who it was.
 */
export function sexContext(student: { sex?: string | null; pseudonymNo?: number | null }): SexContext | undefined {
  if (student.pseudonymNo !== null && student.pseudonymNo !== undefined) return undefined;
  if (student.sex === 'f') return 'female';
  if (student.sex === 'm') return 'male';
  return undefined;
}

/** The context as i18next parameters (a problem's `params`): none when the wording stays neutral. */
export function sexParams(student: { sex?: string | null; pseudonymNo?: number | null } | null | undefined): { context?: SexContext } {
  const context = student ? sexContext(student) : undefined;
  return context ? { context } : {};
}

/** The sex a payload carries for later wording: none for a pseudonymised student (G3). */
export function knownSex(student: { sex?: string | null; pseudonymNo?: number | null }): 'm' | 'f' | undefined {
  const context = sexContext(student);
  return context === 'female' ? 'f' : context === 'male' ? 'm' : undefined;
}
