import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { requireStudents } from '../access/access.js';
import { schoolScope, type Actor } from '../access/actor.js';
import { requireAccess, scopesOf } from '../access/policy.js';
import { ALWAYS, relationSql, studentsOf } from '../access/relations.js';
import { countPeople, type PersonRef } from '../audit/named-people.js';
import type { ReadLog } from '../audit/read-log.js';
import { AccessDenied, NotFound } from '../base/errors.js';
import type { Outbox, OutboxEvent } from '../notifications/outbox.js';
import { WeeklyDigest } from '../notifications/weekly-digest.entity.js';
import { Group } from '../people/group.entity.js';
import { fullName } from '../people/display-name.js';
import { School } from '../school/school.entity.js';
import { digestContent, type DigestPayload } from './digest-content.js';
import type { Clock } from '../time/clock.js';
import { localDate, weekStart } from '../time/local-date.js';
import { knownSex } from '../people/sex-context.js';

/** Saturday, from 12:00 in the school's time zone (D11); later runs that day catch up a missed one. */
const DIGEST_WEEKDAY = 6;
const DIGEST_HOUR = 12;

/** A student of a class and what became of its guardians' digests of one week. */
export interface AcknowledgementRow {
  studentId: number;
  student: string;
  guardians: { guardianId: number; guardian: string; digestId: number; acknowledgedAt: Date | null }[];
}

/** One digest as the panel lists it. */
export interface DigestRow {
  digest: WeeklyDigest;
  guardian: string;
  student: string;
  group: string | null;
}

export interface DigestQuery {
  weekStart?: string;
  acknowledged?: boolean;
  groupId?: number;
  limit?: number;
  offset?: number;
}

/** A guardian who can be told: bound in Telegram, and whose latest consent line says «given» (G2). */
const REACHABLE_GUARDIAN = `exists (select 1 from telegram_binding b where b.person_kind = 'guardian' and b.person_id = g.id and b.revoked_at is null and b.school_id = g.school_id)
  and ${relationSql.consentInForce('g.id')}`;

/**
 * The weekly digest (D11): every Saturday from 12:00 in each school's time zone, each guardian with a
 * Telegram binding (and consent) gets, for each child still at school, the week's marks, absences and homework, with an
 * «Ознакомлен» button. One WeeklyDigest row per guardian, child and week makes a run idempotent; the
 * notification is written in the same transaction. The class teacher sees who acknowledged.
 */
export class WeeklyDigests {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly reads: ReadLog,
  ) {}

  /** Issues the week's digests in every school where it is now Saturday afternoon; returns how many. */
  async runDue(): Promise<number> {
    const em = this.em();
    let issued = 0;
    const now = this.clock.now();
    for (const school of await em.find(School, {}, { orderBy: { id: 'asc' } })) {
      const local = DateTime.fromJSDate(now, { zone: school.timeZone });
      if (!local.isValid || local.weekday !== DIGEST_WEEKDAY || local.hour < DIGEST_HOUR) continue;
      issued += await this.issue(school.id, weekStart(localDate(now, school.timeZone)));
    }
    return issued;
  }

  /** The digests of the week starting on Monday `weekStart` not issued yet in the school. */
  async issue(schoolId: number, weekStart: string): Promise<number> {
    const em = this.em();
    const pairs = await em.execute<{ guardian_id: number; student_id: number; last_name: string; first_name: string; middle_name: string | null; sex: 'm' | 'f'; pseudonym_no: number | null }[]>(
      `select distinct g.id as guardian_id, s.id as student_id, s.last_name, s.first_name, s.middle_name, s.sex, s.pseudonym_no
         from guardian g join student_guardian l on l.guardian_id = g.id join student s on s.id = l.student_id
        where g.school_id = ? and ${relationSql.current('s')} and ${REACHABLE_GUARDIAN}
        order by g.id, s.id`,
      [schoolId],
    );
    const done = new Set((await em.find(WeeklyDigest, { school: schoolId, weekStart }, { fields: ['guardian', 'student'] }))
      .map((d) => `${d.guardian.id}:${d.student.id}`));
    const missing = pairs.filter((p) => !done.has(`${p.guardian_id}:${p.student_id}`));
    if (!missing.length) return 0;
    const contents = new Map<number, Awaited<ReturnType<typeof digestContent>>>();
    for (const studentId of new Set(missing.map((p) => p.student_id))) contents.set(studentId, await digestContent(em, studentId, weekStart));
    const now = this.clock.now();
    return em.transactional(async (tem) => {
      const rows = missing.map((p) => ({ pair: p, digest: tem.create(WeeklyDigest, { school: schoolId, guardian: p.guardian_id, student: p.student_id, weekStart, sentAt: now }) }));
      await tem.flush();
      const events: OutboxEvent[] = rows.map(({ pair, digest }) => {
        const payload: DigestPayload = { digestId: digest.id, student: fullName({ lastName: pair.last_name, firstName: pair.first_name }), studentSex: knownSex({ sex: pair.sex, pseudonymNo: pair.pseudonym_no }), ...contents.get(pair.student_id)! };
        return { schoolId, kind: 'digest', studentId: pair.student_id, to: [{ personKind: 'guardian', personId: pair.guardian_id }], payload, eventKey: `digest:${digest.id}` };
      });
      await this.outbox.enqueue(tem, events);
      await tem.flush();
      return rows.length;
    });
  }

  /** «Ознакомлен»: only the guardian the digest was sent to, while still the child's guardian. Pressing again changes nothing. */
  async acknowledge(digestId: number, guardian: Actor): Promise<WeeklyDigest> {
    const em = this.em();
    const digest = await em.findOne(WeeklyDigest, { id: digestId });
    if (!digest) throw new NotFound('WeeklyDigest');
    if (guardian.kind !== 'guardian' || digest.guardian.id !== guardian.personId || digest.school.id !== guardian.schoolId) throw new AccessDenied('digests.acknowledge');
    await requireStudents(em, guardian, 'digests.acknowledge', [digest.student.id], digest.weekStart);
    if (!digest.acknowledgedAt) {
      digest.acknowledgedAt = this.clock.now();
      await em.flush();
    }
    return digest;
  }

  /**
   * Who acknowledged the digests of a class (digests.view): each student now in the class with its
   * guardians' digests of the week (by default the latest week digests were issued for in the school).
   */
  async acknowledgements(groupId: number, actor: Actor, weekStart?: string): Promise<{ group: { id: number; name: string }; weekStart: string | null; timeZone: string; rows: AcknowledgementRow[] }> {
    const em = this.em();
    const group = await em.findOne(Group, { id: groupId });
    if (!group) throw new NotFound('Group');
    requireAccess(actor, 'digests.view', { schoolId: group.school.id, groupIds: [group.id] });
    const week = weekStart ?? (await em.execute<{ week: string | null }[]>(
      `select to_char(max(week_start), 'YYYY-MM-DD') as week from weekly_digest where school_id = ?`, [group.school.id],
    ))[0]?.week ?? null;
    const { timeZone } = await em.findOneOrFail(School, group.school.id);
    const inGroup = await studentsOf(em, [group.id], this.clock.today(timeZone));
    const students = inGroup.length ? await em.execute<{ id: number; last_name: string; first_name: string; middle_name: string | null }[]>(
      `select s.id, s.last_name, s.first_name, s.middle_name from student s
        where s.id in (?) and ${relationSql.current('s')}
        order by s.last_name, s.first_name, s.id`,
      [inGroup],
    ) : [];
    const digests = week && students.length
      ? await em.find(WeeklyDigest, { weekStart: week, student: { $in: students.map((s) => s.id) } }, { populate: ['guardian'], orderBy: { guardian: { lastName: 'asc' }, id: 'asc' } })
      : [];
    const rows = students.map((s) => ({
      studentId: s.id,
      student: fullName({ lastName: s.last_name, firstName: s.first_name }),
      guardians: digests.filter((d) => d.student.id === s.id).map((d) => ({
        guardianId: d.guardian.id, guardian: fullName(d.guardian), digestId: d.id, acknowledgedAt: d.acknowledgedAt ?? null,
      })),
    }));
    // The class teacher's «Кто ознакомился» names the class and its parents: one read (G4); before the first
    // digest of the school it names nobody.
    const named = week ? rows.flatMap((r): PersonRef[] => [['Student', r.studentId], ...r.guardians.map((g) => ['Guardian', g.guardianId] as const)]) : [];
    await this.reads.record(actor, { kind: 'list', resource: 'WeeklyDigest', recordId: group.id, schoolId: group.school.id, detail: `acknowledgements, ${week ?? '—'}`, people: countPeople(named, actor) });
    return { group: { id: group.id, name: group.name }, weekStart: week, timeZone, rows };
  }

  /** The panel's «Еженедельные сводки»: the school's, or the class teacher's own classes'. */
  async list(actor: Actor, query: DigestQuery = {}): Promise<{ rows: DigestRow[]; total: number }> {
    const em = this.em();
    const where = await this.scope(em, actor);
    if (query.weekStart) where.weekStart = query.weekStart;
    if (query.acknowledged !== undefined) where.acknowledgedAt = query.acknowledged ? { $ne: null } : null;
    if (query.groupId) {
      const inGroup = await studentsOf(em, [query.groupId], ALWAYS);
      where.$and = [...((where.$and as object[] | undefined) ?? []), { student: { $in: inGroup } }];
    }
    const [digests, total] = await em.findAndCount(WeeklyDigest, where, {
      populate: ['guardian', 'student'],
      orderBy: { weekStart: 'desc', student: { lastName: 'asc' }, id: 'asc' },
      limit: query.limit ?? 25,
      offset: query.offset ?? 0,
    });
    await this.reads.record(actor, { kind: 'list', resource: 'WeeklyDigest', detail: 'panel', people: countPeople(digests.flatMap(digestPeople), actor) });
    return { rows: await this.rows(em, digests), total };
  }

  async get(id: number, actor: Actor): Promise<DigestRow> {
    const em = this.em();
    const digest = await em.findOne(WeeklyDigest, { $and: [{ id }, await this.scope(em, actor)] }, { populate: ['guardian', 'student'] });
    if (!digest) throw new NotFound('WeeklyDigest');
    await this.reads.record(actor, { kind: 'record', resource: 'WeeklyDigest', recordId: digest.id, schoolId: digest.school.id, people: countPeople(digestPeople(digest), actor) });
    return (await this.rows(em, [digest]))[0]!;
  }

  private async scope(em: EntityManager, actor: Actor): Promise<Record<string, unknown>> {
    requireAccess(actor, 'digests.view');
    const school = schoolScope(actor);
    if (scopesOf(actor, 'digests.view').has('school')) return { ...school };
    const { timeZone } = await em.findOneOrFail(School, actor.schoolId ?? 0);
    const students = await studentsOf(em, actor.classGroupIds, this.clock.today(timeZone));
    return { ...school, $and: [{ student: { $in: students } }] };
  }

  private async rows(em: EntityManager, digests: WeeklyDigest[]): Promise<DigestRow[]> {
    if (!digests.length) return [];
    const groups = await em.execute<{ student_id: number; week_start: string; name: string }[]>(
      `select d.student_id, to_char(d.week_start, 'YYYY-MM-DD') as week_start, g.name from weekly_digest d
         join enrollment e on e.student_id = d.student_id and e.start_date <= d.week_start + 6 and (e.end_date is null or e.end_date >= d.week_start)
         join school_group g on g.id = e.group_id
        where d.id in (?) order by e.start_date`,
      [digests.map((d) => d.id)],
    );
    return digests.map((digest) => ({
      digest,
      guardian: fullName(digest.guardian),
      student: fullName(digest.student),
      group: groups.filter((g) => g.student_id === digest.student.id && g.week_start === digest.weekStart).at(-1)?.name ?? null,
    }));
  }
}

/** Whom a digest's line names: its child and its parent. */
const digestPeople = (d: WeeklyDigest): PersonRef[] => [['Student', d.student.id], ['Guardian', d.guardian.id]];
