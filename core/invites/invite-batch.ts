import type { EntityManager } from '@mikro-orm/postgresql';
import { fullName, nameColumns, namePartsOf, studentName } from '../people/display-name.js';
import type { Actor } from '../access/actor.js';
import { requireAccess } from '../access/policy.js';
import type { Consents } from '../privacy/consents.js';
import type { RecordService } from '../records/record-service.js';
import { School } from '../school/school.entity.js';
import type { InviteSlip, SkippedPerson } from './invite-slips.js';
import type { Invites } from './invites.js';

export type SlipAudience = 'students' | 'guardians' | 'both';
export const SLIP_AUDIENCES: readonly SlipAudience[] = ['students', 'guardians', 'both'];
export const isSlipAudience = (value: unknown): value is SlipAudience => (SLIP_AUDIENCES as readonly unknown[]).includes(value);

export interface GroupSlips {
  groupName: string;
  schoolId: number;
  schoolName: string;
  slips: InviteSlip[];
  skipped: SkippedPerson[];
}

const CONSENT_REASONS: Record<string, string> = {
  refused: 'отказ от согласия на обработку персональных данных',
  withdrawn: 'согласие на обработку персональных данных отозвано',
};
const NO_CONSENT = 'нет согласия на обработку персональных данных';

const nameOf = (p: object) => fullName(namePartsOf(p));

/**
 * Invitations for a whole class at once (B1): a fresh invite for every current student and/or every
 * guardian of them with consent given (G2), each revoking the person's earlier unused ones. Who may:
 * those who may change the class's students (the administrator, its class teacher).
 */
export class InviteBatch {
  constructor(
    private readonly em: () => EntityManager,
    private readonly records: RecordService,
    private readonly invites: Invites,
    private readonly consents: Consents,
  ) {}

  async issueForGroup(groupId: number, who: SlipAudience, actor: Actor, botUsername?: string): Promise<GroupSlips> {
    const em = this.em();
    const group = await this.records.get('Group', groupId, actor);
    const schoolId = group.school!.id;
    requireAccess(actor, 'students.edit', { schoolId, groupIds: [groupId] });
    const school = await em.findOneOrFail(School, schoolId);
    const groupName = String(group.name);
    const students = await em.execute<{ id: number; last_name: string; first_name: string; middle_name: string | null; pseudonym_no: number | null; sex: string }[]>(
      `select distinct s.id, s.last_name, s.first_name, s.middle_name, s.pseudonym_no, s.sex from student s
       join enrollment e on e.student_id = s.id
       where e.group_id = ? and e.end_date is null and s.status not in ('expelled', 'graduated')
       order by s.last_name, s.first_name, s.middle_name, s.id`,
      [groupId],
    );
    const slips: InviteSlip[] = [];
    const skipped: SkippedPerson[] = [];
    const slip = async (kind: 'student' | 'guardian', id: number, name: string, roleTitle: string) => {
      const issued = await this.invites.issue(kind, id, actor, botUsername);
      slips.push({ fullName: name, roleTitle, schoolName: school.name, deepLink: issued.deepLink, expiresAt: issued.expiresAt, timeZone: issued.timeZone });
    };

    if (who !== 'guardians') {
      for (const s of students) {
        // Withdrawn consent (G3): a code, never bound to a Telegram account.
        if (s.pseudonym_no !== null) skipped.push({ fullName: nameOf(s), reason: CONSENT_REASONS.withdrawn! });
        else await slip('student', s.id, nameOf(s), `${s.sex === 'f' ? 'Ученица' : 'Ученик'}, класс ${groupName}`);
      }
    }
    if (who !== 'students' && students.length) {
      const links = await em.execute<{ id: number; last_name: string; first_name: string; middle_name: string | null; pseudonym_no: number | null; [column: string]: unknown }[]>(
        `select g.id, g.last_name, g.first_name, g.middle_name, g.pseudonym_no, ${nameColumns('s', 'child_')}
         from guardian g join student_guardian l on l.guardian_id = g.id join student s on s.id = l.student_id
         where l.student_id in (?) order by g.last_name, g.first_name, g.id, s.last_name, s.first_name`,
        [students.map((s) => s.id)],
      );
      const guardians = new Map<number, { name: string; children: string[] }>();
      for (const link of links) {
        const entry = guardians.get(link.id) ?? { name: nameOf(link), children: [] };
        entry.children.push(studentName(namePartsOf(link, 'child_'), 'firstLast'));
        guardians.set(link.id, entry);
      }
      for (const [id, { name, children }] of guardians) {
        const status = (await this.consents.current(id))?.status;
        if (status !== 'given') {
          skipped.push({ fullName: name, reason: (status && CONSENT_REASONS[status]) ?? NO_CONSENT });
          continue;
        }
        await slip('guardian', id, name, `Родитель (законный представитель): ${children.join(', ')}, класс ${groupName}`);
      }
    }
    return { groupName, schoolId: school.id, schoolName: school.name, slips, skipped };
  }
}
