import type { StaffRole } from './staff-roles.js';

/** Every role of SPEC's role table. Staff roles are granted; class_teacher follows from Group.classTeacher. */
export type Role = StaffRole | 'class_teacher' | 'guardian' | 'student';

export type Source = 'bot' | 'panel' | 'cli' | 'job' | 'import';
