import type { StaffRole } from './staff-roles.js';

/** Every role of SPEC's role table. Staff roles are granted; class_teacher follows from Group.classTeacher. */
export type Role = StaffRole | 'class_teacher' | 'guardian' | 'student';

/** Where an action comes from: `miniApp` is the bot's journal grid (issue 19), audited apart from the chat. */
export type Source = 'bot' | 'miniApp' | 'panel' | 'cli' | 'job' | 'import';
