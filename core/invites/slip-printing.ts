import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import type { ReadLog } from '../audit/read-log.js';
import type { RecordService } from '../records/record-service.js';
import type { Row } from '../records/row.js';
import { type PersonName } from '../school/rules/names.js';
import { fullName } from '../people/display-name.js';
import { School } from '../school/school.entity.js';
import type { InviteBatch, SlipAudience } from './invite-batch.js';
import { renderInviteSlips } from './invite-slips.js';
import { DEFAULT_BOT_USERNAME, type Invites } from './invites.js';
import type { PersonKind } from '../people/person-kinds.js';
import { personForEdit } from './person-target.js';

const ROLE_TITLES: Record<string, string> = { administrator: 'Администратор', director: 'Директор', deputy: 'Заместитель директора', inspector: 'Инспектор', teacher: 'Учитель' };

const roleTitle = (kind: PersonKind, row: Row) =>
  kind === 'staff' ? ((row.roles as string[] | undefined) ?? []).map((r) => ROLE_TITLES[r] ?? r).join(', ') || 'Сотрудник'
    : kind === 'student' ? (row.sex === 'f' ? 'Ученица' : 'Ученик')
      : 'Родитель (законный представитель)';

export interface GroupSlipsFile {
  file: Buffer;
  /** Guardians left out (no consent), listed on the last page. */
  skipped: number;
}

/** Why one person's slip is not printed: no code given, or the code is not a usable invite of that person. */
export type PersonSlipRefusal = 'invite.issueFirst' | 'invite.slipStale';

/**
 * Printed invitations (B1) as PDF files: one call per thing the panel prints. The rights are checked as
 * for issuing the invites (those who may change the people's data).
 */
export class SlipPrinting {
  constructor(
    private readonly em: () => EntityManager,
    private readonly records: RecordService,
    private readonly invites: Invites,
    private readonly batch: InviteBatch,
    private readonly reads: ReadLog,
  ) {}

  /** Fresh invites for a class's students and/or their guardians with consent, on slips four to a page. */
  async forGroup(groupId: number, who: SlipAudience, actor: Actor, botUsername = DEFAULT_BOT_USERNAME): Promise<GroupSlipsFile> {
    const issued = await this.batch.issueForGroup(groupId, who, actor, botUsername);
    // A printed list of the class's names (and, on its last page, of those left out): one read (G4).
    await this.reads.record(actor, { kind: 'export', resource: 'InviteSlips', recordId: groupId, schoolId: issued.schoolId, detail: `pdf, ${who}`, people: issued.slips.length + issued.skipped.length });
    return { file: await renderInviteSlips(issued.slips, { skipped: issued.skipped }), skipped: issued.skipped.length };
  }

  /**
   * The slip of an invite already issued to a person (its `code`, which the holder knows): printing
   * changes nothing, so a new invite is issued only by `invites.issue`.
   */
  async forPerson(kind: PersonKind, id: number, code: string | undefined, actor: Actor, botUsername = DEFAULT_BOT_USERNAME): Promise<{ file: Buffer } | { refused: PersonSlipRefusal }> {
    const em = this.em();
    const person = await personForEdit(em, this.records, kind, id, actor);
    if (code === undefined) return { refused: 'invite.issueFirst' };
    const invite = await this.invites.usable(code, kind, id);
    if (!invite) return { refused: 'invite.slipStale' };
    const school = await em.findOneOrFail(School, person.school!.id);
    const file = await renderInviteSlips([{
      fullName: fullName(person as PersonName),
      roleTitle: roleTitle(kind, person),
      schoolName: school.name,
      deepLink: `https://t.me/${botUsername}?start=${code}`,
      expiresAt: invite.expiresAt,
      timeZone: school.timeZone,
    }]);
    await this.reads.record(actor, { kind: 'export', resource: 'InviteSlips', recordId: id, schoolId: school.id, detail: `pdf, ${kind}`, people: 1 });
    return { file };
  }
}
