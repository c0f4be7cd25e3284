/** Roles a school grants its staff (SPEC role table). The class teacher role comes from Group.classTeacher. */
export const STAFF_ROLES = ['administrator', 'director', 'deputy', 'inspector', 'teacher'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
