import type { ResourceWithOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import { STAFF_ROLES } from '../../core/access/staff-roles.js';
import { auditResource } from './audit-resource.js';
import { readsResource } from './reads-resource.js';
import { compromiseResource } from './compromise-resource.js';
import { groupInviteActions, personDataActions, personInviteActions, staffPanelAccessActions, studentStatementActions, substituteActions } from './record-actions.js';
import { markChangeResource } from './mark-change-resource.js';
import { announcementResource, messageThreadResource, weeklyDigestResource } from './messages-resources.js';
import { outboxResource } from './outbox-resource.js';
import { periodLockResource, periodMarkResource } from './period-mark-resources.js';
import { resource } from './resource.js';

// Values named by the locale (resources.<Kind>.labels.<field>.<value>): AdminJS looks a shown value up by its
// option's label, so the label is the value itself, never words of one language.
const byValue = (values: readonly string[]) => values.map((value) => ({ value, label: value }));
const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'];
const fullName = { type: 'string' as const, isVisible: { list: true, show: true, edit: false, filter: true }, position: 0 };

/** Every panel resource, grouped as a school administrator thinks of them. */
export function panelResources(core: Core): ResourceWithOptions[] {
  return [
    resource(core, 'School', 'school', { listProperties: ['name', 'timeZone', 'markEditWindow'] }),
    resource(core, 'Building', 'school', { listProperties: ['name', 'address'] }),
    resource(core, 'Room', 'school', { listProperties: ['name', 'building', 'capacity'], filterProperties: ['name', 'building'] }),
    resource(core, 'Subject', 'school', { listProperties: ['name', 'doubleMarksAllowed', 'withoutAttestation', 'schoolComponent'] }),
    resource(core, 'BellSchedule', 'school', { listProperties: ['name'] }),
    resource(core, 'BellSlot', 'school', { listProperties: ['schedule', 'lessonNumber', 'startsAt', 'endsAt'], sort: { sortBy: 'lessonNumber', direction: 'asc' } }),

    resource(core, 'AcademicYear', 'year', { listProperties: ['name', 'startDate', 'endDate'] }),
    resource(core, 'Period', 'year', { listProperties: ['name', 'type', 'year', 'startDate', 'endDate'], filterProperties: ['year', 'type'], sort: { sortBy: 'startDate', direction: 'asc' } }),
    resource(core, 'Holiday', 'year', { listProperties: ['name', 'year', 'startDate', 'endDate'], sort: { sortBy: 'startDate', direction: 'asc' } }),

    resource(core, 'Staff', 'people', {
      titleProperty: 'fullName',
      listProperties: ['fullName', 'position', 'roles', 'phone', 'active'],
      filterProperties: ['fullName', 'roles', 'active'],
      editProperties: ['school', 'lastName', 'firstName', 'middleName', 'position', 'roles', 'email', 'phone', 'active'],
      properties: { fullName, roles: { isArray: true, availableValues: byValue(STAFF_ROLES) } },
      sort: { sortBy: 'lastName', direction: 'asc' },
      actions: { ...personInviteActions('staff'), ...staffPanelAccessActions, ...personDataActions },
    }),
    resource(core, 'Group', 'people', { listProperties: ['name', 'year', 'gradeLevel', 'classTeacher'], filterProperties: ['name', 'year', 'classTeacher'], sort: { sortBy: 'name', direction: 'asc' }, actions: groupInviteActions }),
    resource(core, 'Student', 'people', {
      titleProperty: 'fullName',
      listProperties: ['fullName', 'currentGroup', 'birthDate', 'sex', 'status', 'individualPlan'],
      filterProperties: ['fullName', 'currentGroup', 'status', 'individualPlan', 'sex'],
      editProperties: ['school', 'lastName', 'firstName', 'middleName', 'birthDate', 'sex', 'currentGroup', 'individualPlan'],
      properties: {
        fullName,
        status: { isVisible: { list: true, filter: true, show: true, edit: false } },
        // The class is where the student's open stretch is. Picked on the form, the core puts the student in it
        // from today (a class of this year; another class is a transfer, as in «Движение учащихся»).
        currentGroup: { type: 'reference', reference: 'Group', isSortable: false, isVisible: true, position: 1 },
      },
      sort: { sortBy: 'lastName', direction: 'asc' },
      actions: { ...personInviteActions('student'), ...studentStatementActions, ...personDataActions },
    }),
    resource(core, 'Guardian', 'people', {
      titleProperty: 'fullName',
      listProperties: ['fullName', 'phone', 'email'],
      filterProperties: ['fullName', 'phone'],
      editProperties: ['school', 'lastName', 'firstName', 'middleName', 'phone', 'email'],
      properties: { fullName },
      sort: { sortBy: 'lastName', direction: 'asc' },
      actions: { ...personInviteActions('guardian'), ...personDataActions },
    }),
    resource(core, 'StudentGuardian', 'people', { listProperties: ['student', 'guardian', 'relation'], filterProperties: ['student', 'guardian'] }),
    resource(core, 'Subgroup', 'people', { listProperties: ['name', 'group'], filterProperties: ['group'] }),
    resource(core, 'SubgroupMember', 'people', { listProperties: ['subgroup', 'student'], filterProperties: ['subgroup', 'student'] }),
    resource(core, 'StudentMovement', 'people', {
      listProperties: ['date', 'kind', 'student', 'group', 'orderNumber'],
      filterProperties: ['kind', 'student', 'group', 'date'],
      editProperties: ['school', 'kind', 'student', 'group', 'date', 'orderNumber', 'note'],
      sort: { sortBy: 'date', direction: 'desc' },
    }),
    // The consent registry (G1): read-only here, lines are added through core/privacy/consents.ts.
    resource(core, 'Consent', 'people', { listProperties: ['guardian', 'status', 'date', 'recordedBy', 'note'], filterProperties: ['guardian', 'status', 'date'], sort: { sortBy: 'date', direction: 'desc' } }, true),
    resource(core, 'Enrollment', 'people', {
      listProperties: ['student', 'group', 'startDate', 'endDate', 'startReason', 'endReason'],
      filterProperties: ['student', 'group'],
    }, true),

    resource(core, 'TeachingAssignment', 'timetable', {
      titleProperty: 'title',
      listProperties: ['teacher', 'subject', 'group', 'subgroup', 'plannedHours'],
      filterProperties: ['teacher', 'subject', 'group'],
      properties: { title: { type: 'string', isVisible: { list: false, show: true, edit: false, filter: false } } },
    }),
    resource(core, 'ThematicPlanTopic', 'timetable', { listProperties: ['assignment', 'position', 'title', 'hours'], filterProperties: ['assignment', 'title'], sort: { sortBy: 'position', direction: 'asc' } }),
    resource(core, 'TimetableSlot', 'timetable', {
      listProperties: ['group', 'weekday', 'lessonNumber', 'assignment', 'subgroup', 'room', 'validFrom', 'validTo'],
      filterProperties: ['group', 'weekday', 'assignment', 'room'],
      properties: { weekday: { availableValues: byValue(WEEKDAYS) } },
      actions: substituteActions,
    }),

    resource(core, 'WorkType', 'journal', { listProperties: ['name', 'weight', 'gradingDeadlineDays'] }),
    resource(core, 'ControlWork', 'journal', { listProperties: ['date', 'assignment', 'form', 'title', 'internalControl'], filterProperties: ['assignment', 'date', 'internalControl'], sort: { sortBy: 'date', direction: 'asc' } }),
    periodMarkResource(core),
    periodLockResource(core),
    markChangeResource(core),

    messageThreadResource(core),
    announcementResource(core),
    weeklyDigestResource(core),
    outboxResource(core),

    auditResource(core),
    readsResource(core),
    compromiseResource(core),
  ];
}
