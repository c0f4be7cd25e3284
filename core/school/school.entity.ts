import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';

export const EDIT_WINDOWS = ['never', '1w', '2w', '3w', '1m'] as const;
export type EditWindow = (typeof EDIT_WINDOWS)[number];

/** A school or college. Every school-owned row carries its school; nothing is shared between schools (A1). */
export const School = defineEntity({
  name: 'School',
  tableName: 'school',
  properties: {
    id: p.integer().primary(),
    name: p.string(),
    shortName: p.string().nullable(),
    timeZone: p.string().default('Europe/Moscow'),
    // A14 settings
    markEditWindow: p.enum([...EDIT_WINDOWS]).default('2w'),
    homeworkDeadlineMinutes: p.integer().default(90),
    quietHoursStart: p.string().length(5).default('21:00'),
    quietHoursEnd: p.string().length(5).default('08:00'),
    roundingThreshold: p.decimal('number').precision(3).scale(2).default(0.5),
    language: p.enum(['ru', 'en']).default('ru'),
    inviteTtlDays: p.integer().default(14),
    // Five- or six-day school week: which weekdays are school days («завтра» in the diary, school-days.ts).
    weekDays: p.integer().default(5),
    ...timestamps,
  },
});
export type School = InferEntity<typeof School>;
