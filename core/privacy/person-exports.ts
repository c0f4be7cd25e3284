import type { EntityManager } from '@mikro-orm/postgresql';
import type { i18n } from 'i18next';
import { actsEverywhere, type Actor } from '../access/actor.js';
import { requireAccess } from '../access/policy.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ReadLog } from '../audit/read-log.js';
import { NotFound, ValidationFailed, problem } from '../base/errors.js';
import { translator } from '../i18n/i18n.js';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';
import { PERSON_KINDS, type PersonKind } from '../people/person-kinds.js';
import type { Clock } from '../time/clock.js';
import { renderPersonData } from './person-data-pdf.js';
import { COMMON_SECTIONS, SECTIONS, type DataRow, type DataSection, type PersonData } from './person-data-sections.js';

export type { PersonData } from './person-data-sections.js';

export interface PersonExport {
  data: PersonData;
  json: Buffer;
  pdf: Buffer;
  /** «person-student-12-2026-11-23», without the extension. */
  basename: string;
}

const TABLE: Record<PersonKind, string> = { student: 'student', guardian: 'guardian', staff: 'staff' };
const ENTITY: Record<PersonKind, string> = { student: 'Student', guardian: 'Guardian', staff: 'Staff' };
// The rows an audit line may be about that are the person's own: the person, and what links to it by its id.
const OWN_ROWS: Record<PersonKind, { entity: string; sql: string }[]> = {
  student: [
    { entity: 'Enrollment', sql: 'select id from enrollment where student_id = ?' },
    { entity: 'StudentMovement', sql: 'select id from student_movement where student_id = ?' },
    { entity: 'StudentGuardian', sql: 'select id from student_guardian where student_id = ?' },
    { entity: 'SubgroupMember', sql: 'select id from subgroup_member where student_id = ?' },
  ],
  guardian: [
    { entity: 'StudentGuardian', sql: 'select id from student_guardian where guardian_id = ?' },
    { entity: 'Consent', sql: 'select id from consent where guardian_id = ?' },
  ],
  staff: [{ entity: 'AdminAccount', sql: 'select id from admin_account where staff_id = ?' }],
};
const INTERNAL = new Set(['school_id', 'version']);

/**
 * A person's data on request (152-ФЗ art. 14): its record, links, consents, Telegram bindings, invites,
 * notifications, messages, journal entries (a student's) and the audit lines about it, as a JSON file and a
 * PDF in the reader's language. Only the school's heads may (persons.export: the administrator, the
 * director); another school's person or a made-up id does not exist. Each export is audited (action
 * `export`, without the data itself) and logged as a read of personal data (G4).
 */
export class PersonExports {
  constructor(
    private readonly em: () => EntityManager,
    private readonly i18n: i18n,
    private readonly audit: AuditLog,
    private readonly reads: ReadLog,
    private readonly clock: Clock,
  ) {}

  async export(kind: unknown, id: unknown, actor: Actor, options: { language?: Language; compress?: boolean } = {}): Promise<PersonExport> {
    if (!(PERSON_KINDS as readonly unknown[]).includes(kind)) throw new ValidationFailed([problem('valueNotAllowed', 'kind', { value: String(kind) })]);
    const personKind = kind as PersonKind;
    const personId = Number(id);
    if (!Number.isSafeInteger(personId) || personId <= 0) throw new NotFound(ENTITY[personKind]);
    requireAccess(actor, 'persons.export');
    const em = this.em();
    // Dates as the calendar's text («2013-04-05»), not as midnight in the server's zone.
    const birth = personKind === 'student' ? ', birth_date::text as birth_date' : '';
    const [person] = await em.execute<DataRow[]>(`select *${birth} from ${TABLE[personKind]} where id = ?`, [personId]);
    const schoolId = person?.school_id as number | undefined;
    if (!person || (!actsEverywhere(actor) && schoolId !== actor.schoolId)) throw new NotFound(ENTITY[personKind]);
    requireAccess(actor, 'persons.export', { schoolId: schoolId! });
    const language = options.language ?? DEFAULT_LANGUAGE;
    const t = translator(this.i18n, language);
    const [school] = await em.execute<{ id: number; name: string; time_zone: string }[]>('select id, name, time_zone from school where id = ?', [schoolId]);

    const sections: DataSection[] = [];
    for (const [key, query] of Object.entries(SECTIONS[personKind])) sections.push({ key, rows: await query(em, personId, t) });
    for (const [key, query] of Object.entries(COMMON_SECTIONS)) sections.push({ key, rows: await query(personKind)(em, personId, t) });
    sections.push({ key: 'audit', rows: await this.auditLines(em, personKind, personId) });

    const now = this.clock.now();
    const data: PersonData = {
      kind: personKind,
      id: personId,
      school: { id: school!.id, name: school!.name, timeZone: school!.time_zone },
      generatedAt: now.toISOString(),
      person: Object.fromEntries(Object.entries(person).filter(([k]) => !INTERNAL.has(k)).map(([k, v]) => [camel(k), v])),
      sections,
    };
    const pdf = await renderPersonData(data, t, { compress: options.compress ?? true });
    this.audit.record(em, {
      actor, action: 'export', entity: ENTITY[personKind], entityId: personId, schoolId, at: now,
      after: { language, sections: Object.fromEntries(sections.map((s) => [s.key, s.rows.length])) },
    });
    await em.flush();
    await this.reads.record(actor, { kind: 'export', resource: ENTITY[personKind], recordId: personId, schoolId: schoolId!, detail: 'person data, 152-ФЗ art. 14', people: 1 });
    return { data, json: Buffer.from(JSON.stringify(data, null, 2), 'utf8'), pdf, basename: `person-${personKind}-${personId}-${now.toISOString().slice(0, 10)}` };
  }

  /** Audit lines about the person's row and the rows that are its own (OWN_ROWS), oldest first. */
  private async auditLines(em: EntityManager, kind: PersonKind, id: number): Promise<DataRow[]> {
    const pairs: [string, string][] = [[ENTITY[kind], String(id)]];
    for (const own of OWN_ROWS[kind]) {
      for (const row of await em.execute<{ id: number }[]>(own.sql, [id])) pairs.push([own.entity, String(row.id)]);
    }
    return em.execute<DataRow[]>(
      `select a.at, a.action, a.entity, a.entity_id as "entityId", a.source, a.actor_kind as "actorKind", a.actor_staff_id as "actorStaff", a.before, a.after
         from audit_entry a where (a.entity, a.entity_id) in (${pairs.map(() => '(?, ?)').join(', ')}) order by a.at, a.id`,
      pairs.flat());
  }
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
