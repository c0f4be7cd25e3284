import type { EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { actsEverywhere } from '../access/actor.js';
import { can } from '../access/policy.js';
import { AccessDenied, ValidationFailed, type Problem } from '../base/errors.js';
import type { Language } from '../i18n/languages.js';
import { Enrollment } from '../people/enrollment.entity.js';
import type { StudentMovements } from '../records/student-movements.js';
import { describeFields, type RecordField } from '../records/record-fields.js';
import { isRecordKind, RECORD_KINDS, type RecordKindName } from '../records/record-kinds.js';
import type { RecordService } from '../records/record-service.js';
import type { Row } from '../records/row.js';
import type { Compromises } from '../security/compromise.js';
import { journalNames } from './journal-names.js';
import { filterWhere, type RecordFilters, type Where } from './record-filter.js';
import { PEOPLE, plainRow, type PlainRow } from './record-rows.js';

export interface RecordQuery {
  filters?: RecordFilters;
  limit?: number;
  offset?: number;
  /** By a field of the kind (`fullName` sorts by surname); anything else sorts by id. */
  sort?: { by?: string; direction?: 'asc' | 'desc' };
  /** The reader's language: what an audit line's before and after are worded in (Russian by default). */
  language?: Language;
}

/**
 * An audit line names its entity from a known list (every record kind but the log itself): chosen from it
 * in a filter, and matched exactly — «Student» must not find «StudentGuardian».
 */
const AUDITED = Object.values(RECORD_KINDS).map((k) => k.entity.meta.className).filter((name) => name !== 'AuditEntry' && name !== 'PersonalDataRead');

/** The students whose open enrollment is in a class: the «Класс» filter of the students' list. */
const CURRENT_GROUP = 'currentGroup';
/** A class picked on a student's form: an empty choice changes nothing (leaving a class is a movement). */
const chosen = (value: unknown) => value !== undefined && value !== null && value !== '';
/** The movements' problems of the class, as the student's form names its class field. */
const asClassField = (problems: readonly Problem[]): Problem[] => problems.map((p) => (p.field === 'group' || p.field === 'student' ? { ...p, field: CURRENT_GROUP } : p));
const positiveId = (value: unknown) => (typeof value === 'number' || (typeof value === 'string' && /^\d{1,10}$/.test(value)) ? Number(value) : undefined);

/**
 * The web panel's lists and forms of the school's records, as plain rows: every read limited to what the
 * actor may see (other schools' rows do not exist), every write through the record service's checks
 * (or, for the kinds written by a flow of their own, through that flow). References come as ids; a
 * person carries its full name, a student its current class, an assignment its title, a period mark or
 * lock the names of its student, assignment and period.
 */
export class PanelRecords {
  private readonly described = new Map<string, RecordField[]>();

  constructor(
    private readonly em: () => EntityManager,
    private readonly records: RecordService,
    private readonly movements: StudentMovements,
    private readonly security: Compromises,
  ) {}

  /** The fields of a kind (or of any entity by its name), in the order of its metadata. */
  fields(name: string): RecordField[] {
    const className = isRecordKind(name) ? this.className(name) : name;
    let fields = this.described.get(className);
    if (!fields) {
      fields = describeFields(this.em().getMetadata().get(className));
      if (className === 'AuditEntry') fields = fields.map((f) => (f.path === 'entity' ? { ...f, values: AUDITED } : f));
      this.described.set(className, fields);
    }
    return fields;
  }

  async list(kind: RecordKindName, actor: Actor, query: RecordQuery = {}): Promise<PlainRow[]> {
    const where = await this.where(kind, actor, query.filters);
    const by = query.sort?.by === 'fullName' && PEOPLE.has(kind) ? 'lastName' : query.sort?.by;
    const orderBy = by && this.meta(kind).properties[by] ? { [by]: query.sort?.direction ?? 'asc' } : { id: 'asc' };
    const rows = await this.em().find<object>(this.className(kind), where, {
      populate: this.populate(kind),
      limit: query.limit ?? 25,
      offset: query.offset ?? 0,
      orderBy: orderBy as never,
    });
    return this.rows(kind, rows, query.language);
  }

  async count(kind: RecordKindName, actor: Actor, filters?: RecordFilters): Promise<number> {
    return this.em().count<object>(this.className(kind), await this.where(kind, actor, filters));
  }

  /** One row: NotFound outside the actor's school, AccessDenied outside its reach. */
  async get(kind: RecordKindName, id: number, actor: Actor, language?: Language): Promise<PlainRow> {
    const row = (await this.records.get(kind, id, actor)) as object;
    await this.em().populate(row, this.populate(kind));
    return (await this.rows(kind, [row], language))[0]!;
  }

  /** The rows among `ids` the actor may see (none if it may see no row of the kind). */
  async getMany(kind: RecordKindName, ids: readonly unknown[], actor: Actor, language?: Language): Promise<PlainRow[]> {
    const wanted = ids.map(positiveId).filter((id) => id !== undefined);
    if (!wanted.length) return [];
    const scope = await this.records.listFilter(kind, actor).catch((err: unknown) => {
      if (err instanceof AccessDenied) return undefined;
      throw err;
    });
    if (!scope) return [];
    const rows = await this.em().find<object>(this.className(kind), { $and: [scope, { id: { $in: wanted } }] }, { populate: this.populate(kind) });
    return this.rows(kind, rows, language);
  }

  /**
   * A new row; a student movement and a report of leaked access go through their own services. A student's
   * form may name its class (`currentGroup`): the student and its place in the class are saved together or
   * not at all.
   */
  async create(kind: RecordKindName, input: Record<string, unknown>, actor: Actor): Promise<PlainRow> {
    if (kind === 'Student' && chosen(input[CURRENT_GROUP])) {
      const schoolId = actsEverywhere(actor) ? positiveId(input.school) : actor.schoolId;
      return this.plain(kind, await this.withClass(() => this.records.create(kind, input, actor), schoolId, input[CURRENT_GROUP], actor));
    }
    const row = kind === 'StudentMovement' ? await this.movements.record(input, actor)
      : kind === 'CompromiseReport' ? await this.security.reportFromForm(input, actor)
      : await this.records.create(kind, input, actor);
    return this.plain(kind, row);
  }

  /** A changed row; a student's form that picks another class moves the student there today (see create). */
  async update(kind: RecordKindName, id: number, input: Record<string, unknown>, actor: Actor): Promise<PlainRow> {
    const group = input[CURRENT_GROUP];
    if (kind === 'Student' && chosen(group) && positiveId(group) !== (await this.currentGroups([id])).get(id)) {
      const row = await this.withClass(async () => this.records.update(kind, id, input, actor), undefined, group, actor);
      return this.plain(kind, row);
    }
    return this.plain(kind, await this.records.update(kind, id, input, actor));
  }

  /**
   * Saves a student (`save`) and puts it in the class `groupId` through the movements' service, in one
   * transaction. A class that cannot be chosen is named beside the class field together with the student's
   * own problems, when the actor may place students at all.
   */
  private async withClass(save: () => Promise<Row>, schoolId: number | undefined, groupId: unknown, actor: Actor): Promise<Row> {
    return this.em().transactional(async () => {
      const mayPlace = schoolId !== undefined && can(actor, 'students.move', { schoolId });
      const classProblems = mayPlace ? await this.movements.placementProblems(schoolId, groupId) : [];
      const student = await save().catch((err: unknown) => {
        throw err instanceof ValidationFailed ? new ValidationFailed([...err.problems, ...asClassField(classProblems)]) : err;
      });
      await this.movements.placeInClass(student.id, groupId, actor).catch((err: unknown) => {
        throw err instanceof ValidationFailed ? new ValidationFailed(asClassField(err.problems)) : err;
      });
      return student;
    });
  }

  async remove(kind: RecordKindName, id: number, actor: Actor): Promise<void> {
    await this.records.remove(kind, id, actor);
  }

  private async where(kind: RecordKindName, actor: Actor, filters: RecordFilters = {}): Promise<Where> {
    const scope = await this.records.listFilter(kind, actor);
    const { [CURRENT_GROUP]: group, ...rest } = filters;
    const byClass = kind === 'Student' && group !== undefined ? { id: { $in: await this.studentsOfGroup(positiveId(group)) } } : {};
    const where = filterWhere(this.fields(kind), rest, { fullName: PEOPLE.has(kind), assignmentTitle: kind === 'TeachingAssignment' });
    return { $and: [scope, byClass, where] };
  }

  private async studentsOfGroup(groupId: number | undefined): Promise<number[]> {
    if (groupId === undefined) return [];
    const open = await this.em().find(Enrollment, { group: groupId, endDate: null }, { fields: ['student'] });
    return open.map((e) => e.student.id);
  }

  /** A student's class today, shown in lists and usable as a filter («Ученики 7А»). */
  private async currentGroups(studentIds: number[]): Promise<Map<number, number>> {
    if (!studentIds.length) return new Map();
    const open = await this.em().find(Enrollment, { student: { $in: studentIds }, endDate: null }, { fields: ['student', 'group'] });
    return new Map(open.map((e) => [e.student.id, e.group.id]));
  }

  private async rows(kind: RecordKindName, entities: object[], language?: Language): Promise<PlainRow[]> {
    const rows = entities.map((entity) => this.plain(kind, entity, language));
    if (kind === 'Student') {
      const groups = await this.currentGroups(rows.map((r) => r.id as number));
      for (const row of rows) row.currentGroup = groups.get(row.id as number) ?? null;
    }
    if (kind === 'PeriodMark' || kind === 'PeriodLock') await journalNames(this.em(), rows);
    return rows;
  }

  private plain(kind: RecordKindName, entity: object, language?: Language): PlainRow {
    return plainRow(this.em().getMetadata(), this.meta(kind), kind, entity, language);
  }

  private className(kind: RecordKindName): string {
    return RECORD_KINDS[kind].entity.meta.className;
  }

  private meta(kind: RecordKindName): EntityMetadata {
    return this.em().getMetadata().get(this.className(kind));
  }

  private populate(kind: RecordKindName): never[] {
    return (kind === 'TeachingAssignment' ? ['subject', 'group', 'subgroup', 'teacher'] : []) as never[];
  }
}
