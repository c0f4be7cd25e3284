import { describe, expect, it } from 'vitest';
import { deploymentAdministrator, staffActor, systemActor, type Actor } from '../../core/access/actor.js';
import { PERMISSIONS, type Permission } from '../../core/access/permissions.js';
import { can, requireAccess } from '../../core/access/policy.js';
import type { Role } from '../../core/access/roles.js';
import { AccessDenied } from '../../core/base/errors.js';

/**
 * SPEC's role table written out by hand, independently of core/access/permissions.ts: for each role, what it
 * may do and how far — the whole school ('school'), its own class ('group'), its own lessons ('lessons'); a
 * family its own children ('children') or itself ('self'), which `can` never grants over a staff target (the
 * relations decide those: test/integration/access-policy.test.ts).
 */
type Reach = 'school' | 'group' | 'lessons' | 'children' | 'self';
/** A family's own doors: nobody on the staff, the administrator included, holds them. */
const FAMILY_DOORS: Permission[] = ['diary.view', 'messages.write', 'digests.acknowledge'];
const VIEWER: Partial<Record<Permission, Reach>> = {
  'panel.enter': 'school', 'school.view': 'school', 'staff.view': 'school', 'groups.view': 'school', 'students.view': 'school',
  'assignments.view': 'school', 'plans.view': 'school', 'timetable.view': 'school', 'data.export': 'school',
  'journal.view': 'school', 'statements.view': 'school', 'summary.view': 'school', 'reports.view': 'school',
  'integrity.view': 'school',
};
/** The year-end archives: the heads list, download, make and check them. */
const ARCHIVES: Partial<Record<Permission, Reach>> = { 'archive.view': 'school', 'archive.manage': 'school' };
const EXPECTED: Record<Role, Partial<Record<Permission, Reach>>> = {
  administrator: Object.fromEntries(PERMISSIONS.filter((p) => !FAMILY_DOORS.includes(p)).map((p) => [p, 'school'])),
  director: { ...VIEWER, 'audit.view': 'school', 'reads.view': 'school', 'messages.view': 'school', 'announcements.view': 'school', 'digests.view': 'school', 'backups.manage': 'school', 'persons.export': 'school', ...ARCHIVES },
  deputy: { ...VIEWER, 'timetable.edit': 'school', ...ARCHIVES },
  inspector: { ...VIEWER, ...ARCHIVES },
  class_teacher: {
    'panel.enter': 'school', 'groups.view': 'group', 'students.view': 'group', 'students.edit': 'group',
    'subgroups.edit': 'group', 'data.export': 'group', 'journal.view': 'group', 'attendance.excuse': 'group',
    'statements.view': 'group',
    'announcements.view': 'group', 'announcements.edit': 'group', 'digests.view': 'group', 'summary.view': 'group',
    'reports.view': 'group', 'archive.view': 'group',
  },
  teacher: { 'panel.enter': 'school', 'assignments.view': 'lessons', 'plans.view': 'lessons', 'plans.edit': 'lessons',
    'journal.view': 'lessons', 'journal.edit': 'lessons', 'reports.view': 'lessons' },
  guardian: { 'diary.view': 'children', 'statements.view': 'children', 'messages.write': 'children', 'digests.acknowledge': 'children' },
  student: { 'diary.view': 'self', 'statements.view': 'self' },
};

const SCHOOL = 1;
const OTHER_SCHOOL = 2;
const OWN_GROUP = 10;
const OTHER_GROUP = 11;
const ME = 100;

function actorWith(role: Role): Actor {
  if (role === 'class_teacher') return staffActor({ schoolId: SCHOOL, staffId: ME, roles: [], classGroupIds: [OWN_GROUP], source: 'panel' });
  return { ...staffActor({ schoolId: SCHOOL, staffId: ME, roles: [], classGroupIds: [], source: 'panel' }), roles: new Set([role]) };
}

const targets = {
  ownGroup: { schoolId: SCHOOL, groupIds: [OWN_GROUP], teacherId: 999 },
  otherGroup: { schoolId: SCHOOL, groupIds: [OTHER_GROUP], teacherId: 999 },
  ownLessons: { schoolId: SCHOOL, groupIds: [OTHER_GROUP], teacherId: ME },
  otherSchool: { schoolId: OTHER_SCHOOL, groupIds: [OWN_GROUP], teacherId: ME },
};

describe('the access policy, role × permission × target', () => {
  const roles = Object.keys(EXPECTED) as Role[];

  it('knows every permission of every role (the table above is exhaustive)', () => {
    for (const role of roles) for (const permission of Object.keys(EXPECTED[role])) expect(PERMISSIONS).toContain(permission);
  });

  for (const role of roles) {
    describe(role, () => {
      for (const permission of PERMISSIONS) {
        const reach = EXPECTED[role][permission];
        it(`${permission}: ${reach ?? 'never'}`, () => {
          const actor = actorWith(role);
          expect(can(actor, permission)).toBe(reach !== undefined);
          expect(can(actor, permission, targets.ownGroup)).toBe(reach === 'school' || reach === 'group');
          expect(can(actor, permission, targets.otherGroup)).toBe(reach === 'school');
          expect(can(actor, permission, targets.ownLessons)).toBe(reach === 'school' || reach === 'lessons');
          expect(can(actor, permission, targets.otherSchool)).toBe(false);
          if (reach !== 'school') expect(() => requireAccess(actor, permission, targets.otherGroup)).toThrow(AccessDenied);
        });
      }
    });
  }

  it('a teacher who is also a class teacher holds both grants, each within its reach', () => {
    const actor = staffActor({ schoolId: SCHOOL, staffId: ME, roles: ['teacher'], classGroupIds: [OWN_GROUP], source: 'panel' });
    expect(can(actor, 'students.edit', targets.ownGroup)).toBe(true);
    expect(can(actor, 'students.edit', targets.otherGroup)).toBe(false);
    expect(can(actor, 'plans.edit', targets.ownLessons)).toBe(true);
    expect(can(actor, 'plans.edit', targets.ownGroup)).toBe(false);
  });

  it('the deployment administrator and the system act in every school', () => {
    for (const actor of [deploymentAdministrator('panel'), systemActor('job')]) {
      for (const permission of PERMISSIONS) expect(can(actor, permission, targets.otherSchool), permission).toBe(!FAMILY_DOORS.includes(permission));
    }
  });
});
