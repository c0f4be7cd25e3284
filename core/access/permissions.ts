import type { Role } from './roles.js';

/**
 * What can be done. `*.view` reads, `*.edit` creates, changes and deletes. The journal's own permissions
 * (marks, attendance…) join this list with the journal.
 */
export const PERMISSIONS = [
  'panel.enter',
  'school.view', 'school.edit',
  'staff.view', 'staff.edit',
  'groups.view', 'groups.edit',
  'students.view', 'students.edit', 'students.move',
  'subgroups.edit',
  'assignments.view', 'assignments.edit',
  'plans.view', 'plans.edit',
  'timetable.view', 'timetable.edit',
  'data.import', 'data.export',
  'audit.view',
  'journal.view', 'journal.edit',
  // Reopens a period closed by its period marks (C7): the administrator's alone, no other role is granted it.
  'journal.unlock',
  'attendance.excuse',
  // The printable statement of one student (D12): marks, averages, absences over a date range.
  'statements.view',
  // Correspondence of guardians and teachers (D9), read in the panel; the threads' own people use the bot.
  'messages.view',
  // Announcements (D8): school-wide ones by the administrator, a class's own by its class teacher.
  'announcements.view', 'announcements.edit',
  // Weekly digests (D11) and who acknowledged them.
  'digests.view',
  // The day summary of the heads (issue 13): the school's day, or a class teacher's class's, in the panel and the bot.
  'summary.view',
  // A child's diary (D1–D8): the student itself and its guardians, nobody else through this door.
  'diary.view',
  // A guardian's letters to its child's teachers (D9) and its acknowledgement of the weekly digest (D11).
  'messages.write', 'digests.acknowledge',
  // The school's reports (E1–E9): the heads over the school, a class teacher over its class, a teacher over its assignments.
  'reports.view',
  // The deployment's public signing key (F3), to check archives and backups offline: the heads and the administrator.
  'integrity.view',
  // Backups (F2) made now and their last runs: the director and the administrator.
  'backups.manage',
  // The year-end journal archives (F1, F4): listed and downloaded by the heads and a class teacher (its classes'),
  // made and checked by the heads.
  'archive.view', 'archive.manage',
  // «Журнал доступа к ПДн» (G4): who read whose personal data; the administrator and the director.
  'reads.view',
  // Everything held about one person, given out on its request (152-ФЗ art. 14): the operator's heads only.
  'persons.export',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** A family's own doors: no member of staff, the administrator included, holds them. */
export const FAMILY_ONLY: readonly Permission[] = ['diary.view', 'messages.write', 'digests.acknowledge'];

/**
 * How far a grant reaches: the whole school, the groups the actor is class teacher of, the teaching
 * assignments the actor teaches; for families, a guardian's own children (linked, with consent in force)
 * or the student itself. The family scopes need the database: access.ts decides them.
 */
export type Scope = 'school' | 'ownGroups' | 'ownAssignments' | 'ownChildren' | 'self';

type Grants = Partial<Record<Permission, Scope>>;

const VIEW_ALL: Grants = {
  'panel.enter': 'school',
  'school.view': 'school', 'staff.view': 'school', 'groups.view': 'school', 'students.view': 'school',
  'assignments.view': 'school', 'plans.view': 'school', 'timetable.view': 'school', 'data.export': 'school',
  'journal.view': 'school', 'statements.view': 'school', 'summary.view': 'school', 'reports.view': 'school',
  'integrity.view': 'school',
};

/** The heads' hold on the year-end archives (F1): the director, the deputy and the inspector make and check them. */
const ARCHIVE: Grants = { 'archive.view': 'school', 'archive.manage': 'school' };

/** SPEC.md's role table, as data. A role not listed for a permission does not have it. */
export const GRANTS: Record<Role, Grants> = {
  administrator: Object.fromEntries(
    (PERMISSIONS as readonly Permission[]).filter((p) => !FAMILY_ONLY.includes(p)).map((p) => [p, 'school']),
  ),
  director: { ...VIEW_ALL, 'audit.view': 'school', 'reads.view': 'school', 'messages.view': 'school', 'announcements.view': 'school', 'digests.view': 'school', 'backups.manage': 'school', 'persons.export': 'school', ...ARCHIVE },
  deputy: { ...VIEW_ALL, 'timetable.edit': 'school', ...ARCHIVE },
  inspector: { ...VIEW_ALL, ...ARCHIVE },
  class_teacher: {
    'panel.enter': 'school',
    'groups.view': 'ownGroups',
    'students.view': 'ownGroups', 'students.edit': 'ownGroups',
    'subgroups.edit': 'ownGroups',
    'data.export': 'ownGroups',
    'journal.view': 'ownGroups',
    // A note from home changes why a student was absent (C3); the class teacher keeps those records.
    'attendance.excuse': 'ownGroups',
    'statements.view': 'ownGroups',
    'announcements.view': 'ownGroups', 'announcements.edit': 'ownGroups',
    'digests.view': 'ownGroups',
    'summary.view': 'ownGroups',
    'reports.view': 'ownGroups',
    'archive.view': 'ownGroups',
  },
  teacher: {
    'panel.enter': 'school',
    'assignments.view': 'ownAssignments',
    'plans.view': 'ownAssignments', 'plans.edit': 'ownAssignments',
    // The journal's service lets only the lesson's own teacher or its substitute edit, whatever else the
    // actor holds: the administrator's school-wide grant does not let it enter marks (SPEC role table).
    'journal.view': 'ownAssignments', 'journal.edit': 'ownAssignments',
    'reports.view': 'ownAssignments',
  },
  guardian: {
    'diary.view': 'ownChildren', 'statements.view': 'ownChildren', 'messages.write': 'ownChildren', 'digests.acknowledge': 'ownChildren',
  },
  student: { 'diary.view': 'self', 'statements.view': 'self' },
};
