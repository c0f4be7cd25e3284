/** Who can be invited to the bot and bound to a Telegram account: a member of staff, a student, a guardian. */
export const PERSON_KINDS = ['staff', 'student', 'guardian'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];
