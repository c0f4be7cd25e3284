import type { EntityManager } from '@mikro-orm/postgresql';
import type { Permission } from '../access/permissions.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { PersonalDataRead } from '../audit/personal-data-read.entity.js';
import type { Problem } from '../base/errors.js';
import { PeriodLock } from '../journal/period-lock.entity.js';
import { PeriodMark } from '../journal/period-mark.entity.js';
import { WorkType } from '../school/work-type.entity.js';
import { Enrollment } from '../people/enrollment.entity.js';
import { Group } from '../people/group.entity.js';
import { Guardian, StudentGuardian } from '../people/guardian.entity.js';
import { checkEnrollment, checkNewEnrollments, checkGroup, checkGuardian, checkStaff, checkStudent, checkSubgroupMember } from '../people/rules/people-rules.js';
import { checkStaffRemoval } from '../people/rules/staff-removal.js';
import { Staff } from '../people/staff.entity.js';
import { StudentMovement } from '../people/student-movement.entity.js';
import { Student } from '../people/student.entity.js';
import { Subgroup, SubgroupMember } from '../people/subgroup.entity.js';
import { ControlWork } from '../schedule/control-work.entity.js';
import { checkAssignment, checkControlWork, checkPlanTopic, checkTimetableSlot } from '../schedule/rules/schedule-rules.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import { ThematicPlanTopic } from '../schedule/thematic-plan-topic.entity.js';
import { TimetableSlot } from '../schedule/timetable-slot.entity.js';
import { AcademicYear } from '../school/academic-year.entity.js';
import { BellSchedule, BellSlot } from '../school/bell-schedule.entity.js';
import { Building, Room } from '../school/building.entity.js';
import { Holiday } from '../school/holiday.entity.js';
import { Period } from '../school/period.entity.js';
import { Consent } from '../privacy/consent.entity.js';
import { checkAcademicYear, checkBellSlot, checkHoliday, checkPeriod, checkSchool, checkSubject, checkWorkType } from '../school/rules/setup-rules.js';
import { School } from '../school/school.entity.js';
import { Subject } from '../school/subject.entity.js';
import { CompromiseReport } from '../audit/compromise-report.entity.js';
import type { Clock } from '../time/clock.js';
import { groupScope, journalScope, teacherScope, type RowScope } from './row-scopes.js';

import type { Row } from './row.js';

/** How the set-up services treat one entity: who may read and change it, its scope, its rules. */
export interface RecordKind {
  entity: { meta: { className: string } } & object;
  view: Permission;
  edit: Permission;
  /** Where a class teacher's or a teacher's narrower grant applies: the row's groups or its teacher. */
  scope?: RowScope;
  /** History: written once through its own service (see StudentMovements), never changed or deleted. */
  permanent?: true;
  /** The rules a row must satisfy that read the database; `clock` for those that depend on today. */
  check?(em: EntityManager, row: Row, clock: Clock): Problem[] | Promise<Problem[]>;
  /**
   * `check` for many new rows at once (RecordBatch), each answered as `check` would answer it had the rows
   * before it in the list been saved one by one: the same problems, one query for all.
   */
  checkMany?(em: EntityManager, rows: readonly Row[], clock: Clock): Promise<Problem[][]>;
  /**
   * The rules on the row's own values alone (a name written out in full, a time of day): no database, safe
   * on a row with fields still empty, so they are asked together with the required fields and a form hears
   * every field's problem in one round.
   */
  values?(row: Row, now: Date): Problem[];
  /** Fields this row keeps whatever an update says (a pseudonymised person's name and contacts, G3). */
  fixed?(row: Row): readonly string[];
  /** Why a row may not be deleted (asked before the delete, so the refusal can say what to do first). */
  checkRemoval?(em: EntityManager, row: Row): Promise<Problem[]>;
}

/** A rule written against its own entity type, as the registry holds it. */
function rule<T>(check: (em: EntityManager, row: T, clock: Clock) => Problem[] | Promise<Problem[]>): RecordKind['check'] {
  return (em, row, clock) => check(em, row as unknown as T, clock);
}

/** A rule on a row's own values, written against its entity type. */
function values<T>(check: (row: T, now: Date) => Problem[]): RecordKind['values'] {
  return (row, now) => check(row as unknown as T, now);
}

const NAME_FIELDS = ['lastName', 'firstName', 'middleName'];
/** Once pseudonymised (G3), the name stays the code and the contacts stay erased. */
const pseudonymFixed = (fields: readonly string[]) => (row: Row) => (row.pseudonymNo == null ? [] : fields);

const setup = (entity: RecordKind['entity'], rules: Pick<RecordKind, 'check' | 'values'> = {}): RecordKind => ({
  entity, view: 'school.view', edit: 'school.edit', ...rules,
});

export const RECORD_KINDS = {
  School: setup(School, { values: values((row: School) => checkSchool(row)) }),
  AcademicYear: setup(AcademicYear, { check: rule(checkAcademicYear) }),
  Period: setup(Period, { check: rule(checkPeriod) }),
  Holiday: setup(Holiday, { check: rule(checkHoliday) }),
  BellSchedule: setup(BellSchedule),
  BellSlot: setup(BellSlot, { values: values((row: BellSlot) => checkBellSlot(row)) }),
  Subject: setup(Subject, { values: values((row: Subject) => checkSubject(row)) }),
  Building: setup(Building),
  Room: setup(Room),
  WorkType: setup(WorkType, { values: values((row: WorkType) => checkWorkType(row)) }),
  Staff: { entity: Staff, view: 'staff.view', edit: 'staff.edit', values: values((row: Staff) => checkStaff(row)), checkRemoval: (em, row) => checkStaffRemoval(em, row.id) },
  Group: { entity: Group, view: 'groups.view', edit: 'groups.edit', scope: groupScope.group, values: values((row: Group) => checkGroup(row)) },
  Student: { entity: Student, view: 'students.view', edit: 'students.edit', scope: groupScope.student, values: values(checkStudent), fixed: pseudonymFixed(NAME_FIELDS) },
  Guardian: { entity: Guardian, view: 'students.view', edit: 'students.edit', scope: groupScope.guardian, values: values((row: Guardian) => checkGuardian(row)), fixed: pseudonymFixed([...NAME_FIELDS, 'phone', 'email']) },
  StudentGuardian: { entity: StudentGuardian, view: 'students.view', edit: 'students.edit', scope: groupScope.studentGuardian },
  Enrollment: {
    entity: Enrollment, view: 'students.view', edit: 'students.move', scope: groupScope.enrollment,
    check: rule(checkEnrollment), checkMany: (em, rows) => checkNewEnrollments(em, rows as unknown as readonly Enrollment[]),
  },
  StudentMovement: { entity: StudentMovement, view: 'students.view', edit: 'students.move', scope: groupScope.movement, permanent: true },
  // Written only through core/privacy/consents.ts (who recorded it, a date not in the future); history, never changed.
  Consent: { entity: Consent, view: 'students.view', edit: 'students.edit', scope: groupScope.consent, permanent: true },
  Subgroup: { entity: Subgroup, view: 'groups.view', edit: 'subgroups.edit', scope: groupScope.subgroup },
  SubgroupMember: { entity: SubgroupMember, view: 'groups.view', edit: 'subgroups.edit', scope: groupScope.subgroupMember, check: rule(checkSubgroupMember) },
  TeachingAssignment: { entity: TeachingAssignment, view: 'assignments.view', edit: 'assignments.edit', scope: teacherScope.assignment, check: rule(checkAssignment) },
  ThematicPlanTopic: { entity: ThematicPlanTopic, view: 'plans.view', edit: 'plans.edit', scope: teacherScope.planTopic, values: values((row: ThematicPlanTopic) => checkPlanTopic(row)) },
  TimetableSlot: { entity: TimetableSlot, view: 'timetable.view', edit: 'timetable.edit', check: rule(checkTimetableSlot) },
  ControlWork: { entity: ControlWork, view: 'timetable.view', edit: 'timetable.edit', check: rule(checkControlWork) },
  // Written only by the services, in the transaction of each change (core/audit); read by the administrator and the director.
  AuditEntry: { entity: AuditEntry, view: 'audit.view', edit: 'audit.view', permanent: true },
  // Written only by core/audit/read-log.ts (G4), append-only in the database too; read by the administrator and the director.
  PersonalDataRead: { entity: PersonalDataRead, view: 'reads.view', edit: 'reads.view', permanent: true },
  // Written only through core/security/compromise.ts (reports of leaked access, B3); the administrator's.
  CompromiseReport: { entity: CompromiseReport, view: 'staff.edit', edit: 'staff.edit', permanent: true },
  // Written only through core/journal/period-marks.ts (C7): the teacher sets marks, the administrator unlocks.
  PeriodMark: { entity: PeriodMark, view: 'journal.view', edit: 'journal.edit', scope: journalScope, permanent: true },
  PeriodLock: { entity: PeriodLock, view: 'journal.view', edit: 'journal.unlock', scope: journalScope, permanent: true },
} satisfies Record<string, RecordKind>;

export type RecordKindName = keyof typeof RECORD_KINDS;

export function isRecordKind(name: string): name is RecordKindName {
  return Object.hasOwn(RECORD_KINDS, name);
}
