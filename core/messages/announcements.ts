import type { EntityManager } from '@mikro-orm/postgresql';
import { actsEverywhere, schoolScope, type Actor } from '../access/actor.js';
import { inSchool, requireAccess, scopesOf } from '../access/policy.js';
import type { AuditLog } from '../audit/audit-log.js';
import { countPeople } from '../audit/named-people.js';
import type { ReadLog } from '../audit/read-log.js';
import { AccessDenied, NotFound, ValidationFailed, problem } from '../base/errors.js';
import { Announcement } from '../notifications/announcement.entity.js';
import type { Outbox } from '../notifications/outbox.js';
import { Group } from '../people/group.entity.js';
import { Staff } from '../people/staff.entity.js';
import { fullName } from '../people/display-name.js';
import { School } from '../school/school.entity.js';
import { groupAudience, schoolAudience, type Audience } from './audience.js';
import { messageText, titleText } from './text-rules.js';
import type { Clock } from '../time/clock.js';

export interface AnnouncementInput {
  /** Needed only by the deployment administrator; staff announce in their own school. */
  schoolId?: number | null;
  /** A class's announcement; none: the whole school. */
  groupId?: number | null;
  title?: string | null;
  text: string;
  /** 'guardians': the class teacher's letter to the parents of its class. Default: guardians and students. */
  audience?: Audience;
}

/** What the 'announcement' notification carries. */
export interface AnnouncementPayload extends Record<string, unknown> {
  announcementId: number;
  title: string | null;
  text: string;
  author: string | null;
  /** The class, for a class's announcement. */
  group: string | null;
  school: string;
}

/** An announcement as lists show it. */
export interface AnnouncementRow {
  announcement: Announcement;
  author: string | null;
  group: string | null;
  /** How many people it was sent to. */
  recipients: number;
}

/**
 * Announcements (D8, the writing side): the administrator announces to the whole school or to a class, a
 * class teacher to its own classes only (announcements.edit). Saved, audited and sent through the outbox
 * in one transaction: school-wide to every guardian and student with a binding, a class's to its students
 * and their guardians (or to the guardians alone).
 */
export class Announcements {
  constructor(
    private readonly em: () => EntityManager,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly reads: ReadLog,
  ) {}

  async create(input: AnnouncementInput, actor: Actor): Promise<Announcement> {
    const em = this.em();
    const groupId = input.groupId ? Number(input.groupId) : null;
    const group = groupId ? await em.findOne(Group, { id: groupId }) : null;
    if (groupId && !group) throw new NotFound('Group');
    const schoolId = group?.school.id ?? (actsEverywhere(actor) ? Number(input.schoolId) || undefined : actor.schoolId);
    if (!schoolId) throw new ValidationFailed([problem('required', 'school')]);
    if (input.schoolId && Number(input.schoolId) !== schoolId) throw new ValidationFailed([problem('referenceInvalid', 'group')]);
    requireAccess(actor, 'announcements.edit', { schoolId, ...(group ? { groupIds: [group.id] } : {}) });
    const text = messageText(input.text);
    const title = titleText(input.title);
    const school = await em.findOneOrFail(School, schoolId);
    const author = actor.staffId ? await em.findOne(Staff, { id: actor.staffId }) : null;
    const audience: Audience = input.audience === 'guardians' ? 'guardians' : 'all';
    const to = group
      ? await groupAudience(em, group.id, this.clock.today(school.timeZone), audience)
      : await schoolAudience(em, school.id, audience);
    return em.transactional(async (tem) => {
      const row = tem.create(Announcement, { school: school.id, group: group?.id ?? null, author: author?.id ?? null, title, text, createdAt: this.clock.now() });
      await tem.flush();
      this.audit.record(tem, { actor, action: 'create', entity: 'Announcement', entityId: row.id, schoolId: school.id, after: this.audit.snapshot(tem, 'Announcement', row) });
      const payload: AnnouncementPayload = {
        announcementId: row.id, title, text, author: author ? fullName(author) : null, group: group?.name ?? null, school: school.name,
      };
      if (to.length) {
        await this.outbox.enqueue(tem, { schoolId: school.id, kind: 'announcement', studentId: null, to, payload, eventKey: `announcement:${row.id}` });
      }
      await tem.flush();
      return row;
    });
  }

  /** The classes the actor may announce to (its own as class teacher, or every class of the school for the administrator). */
  async classes(actor: Actor): Promise<Group[]> {
    const scopes = scopesOf(actor, 'announcements.edit');
    if (!scopes.size) throw new AccessDenied('announcements.edit');
    const em = this.em();
    if (scopes.has('school')) {
      // The classes of the current year, «current» by each school's own today.
      const schools = await em.find(School, schoolScope(actor, 'id'));
      const current = schools.map((school) => {
        const today = this.clock.today(school);
        return { school: school.id, year: { startDate: { $lte: today }, endDate: { $gte: today } } };
      });
      return current.length ? em.find(Group, { $or: current }, { orderBy: { name: 'asc' } }) : [];
    }
    return em.find(Group, { id: { $in: [...actor.classGroupIds] }, school: actor.schoolId! }, { orderBy: { name: 'asc' } });
  }

  /** The class teacher's own classes (an administrator who is one too: still only those), to write to their parents. */
  async ownClasses(actor: Actor): Promise<{ id: number; name: string }[]> {
    if (actor.kind !== 'staff' || !actor.classGroupIds.length) throw new AccessDenied('announcements.edit');
    const own = (await this.classes(actor)).filter((g) => actor.classGroupIds.includes(g.id));
    return own.map((g) => ({ id: g.id, name: g.name }));
  }

  /** What the actor may read (announcements.view): the school's, or its own classes' and the school-wide ones. */
  async list(actor: Actor, page: { limit?: number; offset?: number } = {}): Promise<{ rows: AnnouncementRow[]; total: number }> {
    const where = this.scope(actor);
    const em = this.em();
    const [rows, total] = await em.findAndCount(Announcement, where, {
      populate: ['group', 'author'],
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: page.limit ?? 25,
      offset: page.offset ?? 0,
    });
    // The list names the announcements' authors: a read of colleagues' names (G4), not of one's own.
    await this.reads.record(actor, { kind: 'list', resource: 'Announcement', detail: 'panel', people: countPeople(rows.map((r) => ['Staff', r.author?.id] as const), actor) });
    return { rows: await this.rows(em, rows), total };
  }

  async get(id: number, actor: Actor): Promise<AnnouncementRow> {
    const em = this.em();
    const row = await em.findOne(Announcement, { $and: [{ id }, this.scope(actor)] }, { populate: ['group', 'author'] });
    if (!row) {
      const exists = await em.findOne(Announcement, { id });
      if (exists && inSchool(actor, exists.school.id)) throw new AccessDenied('announcements.view');
      throw new NotFound('Announcement');
    }
    await this.reads.record(actor, { kind: 'record', resource: 'Announcement', recordId: row.id, schoolId: row.school.id, people: countPeople([['Staff', row.author?.id]], actor) });
    const [found] = await this.rows(em, [row]);
    return found!;
  }

  private scope(actor: Actor): Record<string, unknown> {
    requireAccess(actor, 'announcements.view');
    const school = schoolScope(actor);
    if (scopesOf(actor, 'announcements.view').has('school')) return school;
    return { ...school, $or: [{ group: { $in: [...actor.classGroupIds] } }, { group: null }] };
  }

  private async rows(em: EntityManager, rows: Announcement[]): Promise<AnnouncementRow[]> {
    if (!rows.length) return [];
    const counts = await em.execute<{ key: string; n: string }[]>(
      `select event_key as key, count(*) as n from notification where kind = 'announcement' and event_key in (?) group by event_key`,
      [rows.map((r) => `announcement:${r.id}`)],
    );
    return rows.map((announcement) => ({
      announcement,
      author: announcement.author ? fullName(announcement.author) : null,
      group: announcement.group?.name ?? null,
      recipients: Number(counts.find((c) => c.key === `announcement:${announcement.id}`)?.n ?? 0),
    }));
  }
}
