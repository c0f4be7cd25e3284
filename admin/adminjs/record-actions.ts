import type { ActionContext, ActionRequest, ActionResponse, ResourceOptions } from 'adminjs';
import { shownTo } from './visibility.js';

type Actions = NonNullable<ResourceOptions['actions']>;

// Record actions drawn by a plain-JS component (public/panel.js); the routes under /data (invite-routes.ts,
// substitution-routes.ts) do the work and check the rights.
const showRecord = async (_req: ActionRequest, _res: unknown, context: ActionContext): Promise<ActionResponse> =>
  ({ record: context.record!.toJSON(context.currentAdmin) });

const recordAction = (component: string, icon: string, permission: Parameters<typeof shownTo>[0]) => ({
  actionType: 'record' as const,
  icon,
  component,
  isAccessible: shownTo(permission),
  showInDrawer: false,
  handler: showRecord,
});

/** «Приглашения (PDF)» of a class: slips for its students, their parents, or both. */
export const groupInviteActions: Actions = { inviteSlips: recordAction('KlassnyInviteSlips', 'Printer', 'students.edit') };

/** «Пригласить» a member of staff, a student or a parent (and, for a parent, its consent registry). */
export const personInviteActions = (kind: 'staff' | 'student' | 'guardian'): Actions => ({
  invite: recordAction('KlassnyInvite', 'Send', kind === 'staff' ? 'staff.edit' : 'students.edit'),
  ...(kind === 'guardian' ? { consent: recordAction('KlassnyConsent', 'CheckSquare', 'students.edit') } : {}),
});

/** «Доступ к панели» of a member of staff: its panel account given, disabled, enabled, reset (staff-access-routes.ts). */
export const staffPanelAccessActions: Actions = { panelAccess: recordAction('KlassnyPanelAccess', 'Key', 'staff.edit') };

/** «Выписка (PDF)» of a student (D12): its marks, averages and absences over a date range (statement-routes.ts). */
export const studentStatementActions: Actions = { statement: recordAction('KlassnyStatement', 'FileText', 'statements.view') };

/** «Замена» of a timetable slot (C6): who substitutes in its lesson on a date. */
export const substituteActions: Actions = { substitute: recordAction('KlassnySubstitute', 'Repeat', 'timetable.edit') };

/** «Данные о человеке (152-ФЗ)» of a member of staff, a student or a parent: its data as PDF and JSON (person-data-routes.ts). */
export const personDataActions: Actions = { personData: recordAction('KlassnyPersonData', 'Archive', 'persons.export') };
