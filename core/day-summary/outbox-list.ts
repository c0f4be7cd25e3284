import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { requireAccess, scopesOf } from '../access/policy.js';
import { countPeople, type PersonRef } from '../audit/named-people.js';
import type { ReadLog } from '../audit/read-log.js';
import { NotFound } from '../base/errors.js';
import { NOTIFICATION_STATUSES, type NotificationStatus } from '../notifications/notification.entity.js';
import { School } from '../school/school.entity.js';
import type { Clock } from '../time/clock.js';
import { scopeStudents } from './family-figures.js';
import { aboutStudents } from './notification-figures.js';
import { summaryScope } from './summary-scope.js';

/** One notification as the panel lists it: who it went to and what became of it, never what it said. */
export interface OutboxRow {
  id: number;
  createdAt: Date;
  kind: string;
  status: NotificationStatus;
  /** «Алексеева Анна» (the guardian, the student or the member of staff it was for). */
  recipient: string;
  /** The child it was about, if any. */
  student: string | null;
  attempts: number;
  sentAt: Date | null;
}

const NAME = (alias: string) => `trim(${alias}.last_name || ' ' || ${alias}.first_name)`;

/**
 * «Уведомления»: the outbox of the school (D10) behind the day summary's «ждут отправки» and «не доставлены»,
 * read-only, newest first, for those who hold summary.view — the whole school for its heads, a class
 * teacher the notifications about its classes' children and their families. Texts are not shown: they
 * carry marks and names the list does not need.
 */
export class OutboxList {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
    private readonly reads: ReadLog,
  ) {}

  async list(actor: Actor, query: { status?: string; limit?: number; offset?: number } = {}): Promise<{ rows: OutboxRow[]; total: number }> {
    const where = await this.scope(actor);
    const status = (NOTIFICATION_STATUSES as readonly string[]).includes(query.status ?? '') ? query.status : undefined;
    const condition = `${where.sql}${status ? ' and n.status = ?' : ''}`;
    const bindings = [...where.bindings, ...(status ? [status] : [])];
    const em = this.em();
    const [count] = await em.execute<{ n: number }[]>(`select count(*)::int as n from notification n where ${condition}`, bindings);
    const rows = await this.rows(condition, bindings, `order by n.created_at desc, n.id desc limit ? offset ?`, [query.limit ?? 25, query.offset ?? 0]);
    // The page names the recipients and the children: one read (G4).
    await this.reads.record(actor, { kind: 'list', resource: 'Notification', detail: status ?? null, people: countPeople(rows.flatMap((r) => r.named), actor) });
    return { rows: rows.map(withoutNamed), total: count?.n ?? 0 };
  }

  async get(id: number, actor: Actor): Promise<OutboxRow> {
    const where = await this.scope(actor);
    const [row] = await this.rows(`${where.sql} and n.id = ?`, [...where.bindings, id], '', []);
    if (!row) throw new NotFound('Notification');
    await this.reads.record(actor, { kind: 'record', resource: 'Notification', recordId: id, people: countPeople(row.named, actor) });
    return withoutNamed(row);
  }

  /** The actor's part of the outbox as a condition over `n`: its school, and for a class teacher its families. */
  private async scope(actor: Actor): Promise<{ sql: string; bindings: unknown[] }> {
    requireAccess(actor, 'summary.view');
    if (scopesOf(actor, 'summary.view').has('school')) {
      return actor.schoolId === undefined ? { sql: 'true', bindings: [] } : { sql: 'n.school_id = ?', bindings: [actor.schoolId] };
    }
    const em = this.em();
    const school = await em.findOneOrFail(School, actor.schoolId ?? 0);
    const students = await scopeStudents(em, school.id, this.clock.today(school.timeZone), summaryScope(actor));
    const about = aboutStudents(students);
    return { sql: `n.school_id = ? and ${about.sql}`, bindings: [school.id, ...about.bindings] };
  }

  private async rows(condition: string, bindings: unknown[], tail: string, tailBindings: unknown[]): Promise<(OutboxRow & { named: PersonRef[] })[]> {
    const rows = await this.em().execute<{
      id: string; created_at: Date; kind: string; status: NotificationStatus; recipient: string | null; student: string | null; attempts: number; sent_at: Date | null;
      person_kind: 'guardian' | 'student' | 'staff'; person_id: number; student_id: number | null;
    }[]>(
      `select n.id, n.created_at, n.kind, n.status, n.attempts, n.sent_at, n.person_kind, n.person_id, n.student_id,
              case n.person_kind when 'guardian' then ${NAME('g')} when 'student' then ${NAME('rs')} else ${NAME('st')} end as recipient,
              ${NAME('s')} as student
         from notification n
         left join guardian g on n.person_kind = 'guardian' and g.id = n.person_id
         left join student rs on n.person_kind = 'student' and rs.id = n.person_id
         left join staff st on n.person_kind = 'staff' and st.id = n.person_id
         left join student s on s.id = n.student_id
        where ${condition} ${tail}`,
      [...bindings, ...tailBindings],
    );
    return rows.map((r) => ({
      id: Number(r.id), createdAt: r.created_at, kind: r.kind, status: r.status, recipient: r.recipient ?? '—',
      student: r.student, attempts: r.attempts, sentAt: r.sent_at,
      named: [[PERSON_TABLES[r.person_kind], r.person_id], ['Student', r.student_id]],
    }));
  }
}

const PERSON_TABLES = { guardian: 'Guardian', student: 'Student', staff: 'Staff' } as const;
const withoutNamed = ({ named: _named, ...row }: OutboxRow & { named: PersonRef[] }): OutboxRow => row;
