import { ForeignKeyConstraintViolationException, ReferenceKind, UniqueConstraintViolationException, wrap, type EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { actsEverywhere, schoolScope, type Actor } from '../access/actor.js';
import { sameSnapshot, type AuditLog, type Snapshot } from '../audit/audit-log.js';
import type { Permission } from '../access/permissions.js';
import { can, requireAccess, scopesOf, type Target } from '../access/policy.js';
import { AccessDenied, NotFound, ValidationFailed, assertNoProblems, problem, type Problem } from '../base/errors.js';
import { coerceInput, missingRequired, withDefaults } from './coerce.js';
import { RECORD_KINDS, type RecordKind, type RecordKindName } from './record-kinds.js';
import { RecordBatch } from './record-batch.js';
import type { Row } from './row.js';
import type { Clock } from '../time/clock.js';

/**
 * Create, change, delete and read the set-up records of a school, for the panel, the importer and the
 * CLI alike: the actor's rights are checked, the school is the actor's (whatever the input says), every
 * reference points into the same school, and the rules of the regulations hold — or nothing is saved.
 */
export class RecordService {
  // The ORM's metadata does not change once it is up; an import asks for it once per row.
  private readonly metas = new Map<RecordKindName, EntityMetadata>();

  constructor(
    private readonly em: () => EntityManager,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  kind(name: RecordKindName): RecordKind {
    return RECORD_KINDS[name];
  }

  meta(name: RecordKindName): EntityMetadata {
    let meta = this.metas.get(name);
    if (!meta) {
      meta = this.em().getMetadata().get(RECORD_KINDS[name].entity.meta.className);
      this.metas.set(name, meta);
    }
    return meta;
  }

  /** The filter that limits a list to what the actor may see; throws if it may see none of it. */
  async listFilter(name: RecordKindName, actor: Actor): Promise<Record<string, unknown>> {
    const kind = this.kind(name);
    requireAccess(actor, kind.view);
    const school = schoolScope(actor, name === 'School' ? 'id' : 'school');
    const scopes = scopesOf(actor, kind.view);
    if (scopes.has('school') || !kind.scope) return school;
    return { ...school, ...(await kind.scope.filter(this.em(), actor)) };
  }

  async get(name: RecordKindName, id: number, actor: Actor): Promise<Row> {
    const row = await this.find(name, id, actor);
    requireAccess(actor, this.kind(name).view, await this.target(name, row, actor, this.kind(name).view));
    return row;
  }

  async create(name: RecordKindName, input: Record<string, unknown>, actor: Actor): Promise<Row> {
    const kind = this.kind(name);
    const values = this.newValues(name, input, actor);
    const row = this.em().create<object>(kind.entity as never, values as never) as Row;
    return this.save(name, row, actor, null);
  }

  /**
   * Rows created many at once (an import): each checked as `create` checks it, the database's checks and
   * the writing done for all of them together. See RecordBatch.
   */
  batch<T>(actor: Actor, em: EntityManager = this.em()): RecordBatch<T> {
    return new RecordBatch<T>(this, em, this.audit, this.clock, actor);
  }

  /**
   * What `create` checks before it reads the database — the right to edit the kind, the input read into
   * the entity's types, the school, the required fields, the rules on the values — and the new row's values
   * (references as ids, defaults filled in). Throws AccessDenied or ValidationFailed.
   */
  newValues(name: RecordKindName, input: Record<string, unknown>, actor: Actor): Record<string, unknown> {
    const kind = this.kind(name);
    requireAccess(actor, kind.edit);
    if (kind.permanent) throw new ValidationFailed([problem('permanentRecord')]);
    const meta = this.meta(name);
    const { data, problems } = coerceInput(meta, input);
    if (name !== 'School') data.school = this.schoolFor(actor, input);
    else if (!actsEverywhere(actor)) throw new AccessDenied(kind.edit);
    // A deployment administrator's row names its school: a required field like the others, in the same round.
    if (data.school === null) problems.push(problem('required', 'school'));
    problems.push(...missingRequired(meta, data));
    const values = withDefaults(meta, data);
    assertNoProblems(onePerField([...problems, ...(kind.values?.(values as Row, this.clock.now()) ?? [])]));
    return values;
  }

  async update(name: RecordKindName, id: number, input: Record<string, unknown>, actor: Actor): Promise<Row> {
    const kind = this.kind(name);
    const row = await this.find(name, id, actor);
    requireAccess(actor, kind.edit, await this.target(name, row, actor, kind.edit));
    if (kind.permanent) throw new ValidationFailed([problem('permanentRecord')]);
    const meta = this.meta(name);
    const { data, problems } = coerceInput(meta, input);
    for (const field of kind.fixed?.(row) ?? []) {
      if (field in data && (data[field] ?? '') !== (row[field] ?? '')) problems.push(problem('pseudonymFixed', field));
    }
    // A required field the form emptied is named with the rest, not left to the database's refusal.
    problems.push(...missingRequired(meta, data).filter((p) => p.field !== undefined && p.field in data));
    assertNoProblems(onePerField([...problems, ...(kind.values?.({ ...row, ...data }, this.clock.now()) ?? [])]));
    const before = this.snapshot(name, row);
    wrap(row).assign(data as never, { em: this.em() });
    return this.save(name, row, actor, before);
  }

  async remove(name: RecordKindName, id: number, actor: Actor): Promise<void> {
    const row = await this.find(name, id, actor);
    requireAccess(actor, this.kind(name).edit, await this.target(name, row, actor, this.kind(name).edit));
    if (this.kind(name).permanent) throw new ValidationFailed([problem('permanentRecord')]);
    const em = this.em();
    const refusals = (await this.kind(name).checkRemoval?.(em, row)) ?? [];
    if (refusals.length) throw new ValidationFailed(refusals);
    const before = this.snapshot(name, row);
    em.remove(row);
    // A deleted school's own line belongs to the deployment (its school would no longer exist).
    this.audit.record(em, { actor, action: 'delete', entity: this.entityName(name), entityId: row.id, schoolId: name === 'School' ? null : row.school?.id, before });
    try {
      await em.flush();
    } catch (err) {
      em.clear();
      if (err instanceof ForeignKeyConstraintViolationException) throw new ValidationFailed([problem('inUse')]);
      throw err;
    }
  }

  /** Rows of another school do not exist for an actor of one school. */
  private async find(name: RecordKindName, id: number, actor: Actor): Promise<Row> {
    const where: Record<string, unknown> = { id };
    if (!actsEverywhere(actor)) Object.assign(where, name === 'School' ? { id: actor.schoolId === id ? id : 0 } : { school: actor.schoolId ?? 0 });
    const row = await this.em().findOne<object>(this.kind(name).entity as never, where);
    if (!row) throw new NotFound(name);
    return row as Row;
  }

  private schoolFor(actor: Actor, input: Record<string, unknown>): number | null {
    if (!actsEverywhere(actor)) return actor.schoolId ?? 0;
    const school = Number(input.school);
    return Number.isSafeInteger(school) && school > 0 ? school : null;
  }

  /** What a row touches, for the policy. The narrower scopes' lookups are skipped for a school-wide grant. */
  async target(name: RecordKindName, row: Row, actor: Actor, permission: Permission): Promise<Target> {
    const em = this.em();
    // A deployment-level row (no school) is no staff member's.
    const schoolId = name === 'School' ? row.id : (row.school?.id ?? 0);
    const target: Target = { schoolId };
    if (scopesOf(actor, permission).has('school')) return target;
    const scope = this.kind(name).scope;
    if (scope?.groupsOf) {
      target.groupIds = await scope.groupsOf(em, row);
      if (scope.unlinkedIsOwn && target.groupIds.length === 0) target.groupIds = actor.classGroupIds;
    }
    if (scope?.teacherOf) {
      const teacherId = await scope.teacherOf(em, row);
      if (teacherId !== undefined) target.teacherId = teacherId;
    }
    return target;
  }

  /** `before` is the row as it was (null for a new row): the change is audited in the flush that saves it. */
  private async save(name: RecordKindName, row: Row, actor: Actor, before: Snapshot | null): Promise<Row> {
    const kind = this.kind(name);
    const em = this.em();
    const problems: Problem[] = [...(await this.foreignSchoolReferences(name, row))];
    if (!problems.length) {
      if (!can(actor, kind.edit, await this.target(name, row, actor, kind.edit))) {
        em.clear();
        throw new AccessDenied(kind.edit);
      }
      problems.push(...((await kind.check?.(em, row, this.clock)) ?? []));
    }
    if (problems.length) {
      em.clear();
      throw new ValidationFailed(problems);
    }
    await this.auditChange(name, row, actor, before);
    try {
      await em.flush();
    } catch (err) {
      em.clear();
      if (err instanceof UniqueConstraintViolationException) throw new ValidationFailed([problem('duplicate')]);
      if (err instanceof ForeignKeyConstraintViolationException) throw new ValidationFailed([problem('referenceInvalid')]);
      throw err;
    }
    return row;
  }

  private entityName(name: RecordKindName): string {
    return this.kind(name).entity.meta.className;
  }

  private snapshot(name: RecordKindName, row: Row): Snapshot {
    return this.audit.snapshot(this.em(), this.entityName(name), row);
  }

  /**
   * Persists the audit line of a create or an update beside the change, so one flush (one transaction)
   * writes both or neither. A new row gets its id from its sequence first, for the line to name it.
   */
  private async auditChange(name: RecordKindName, row: Row, actor: Actor, before: Snapshot | null): Promise<void> {
    const em = this.em();
    if (!before) {
      const [next] = await em.execute<{ id: string }[]>('select nextval(pg_get_serial_sequence(?, ?)) as id', [this.meta(name).tableName, 'id']);
      row.id = Number(next!.id);
    }
    const after = this.snapshot(name, row);
    if (before && sameSnapshot(before, after)) return;
    const schoolId = name === 'School' ? row.id : row.school?.id;
    this.audit.record(em, { actor, action: before ? 'update' : 'create', entity: this.entityName(name), entityId: row.id, schoolId, before, after });
  }

  /** Every reference of a school-owned row points to a row of the same school. */
  private async foreignSchoolReferences(name: RecordKindName, row: Row): Promise<Problem[]> {
    if (name === 'School') return [];
    const em = this.em();
    const schoolId = row.school!.id;
    const problems: Problem[] = [];
    for (const prop of this.meta(name).relations) {
      if (prop.name === 'school' || prop.kind !== ReferenceKind.MANY_TO_ONE) continue;
      const ref = row[prop.name] as { id: number } | null | undefined;
      if (!ref) continue;
      const target = em.getMetadata().get(prop.type);
      if (!target.properties.school) continue;
      const rows = await em.execute<{ school_id: number }[]>(
        `select school_id from ${target.tableName} where id = ?`,
        [ref.id],
      );
      if (rows[0]?.school_id !== schoolId) problems.push(problem('referenceInvalid', prop.name));
    }
    return problems;
  }
}

/** The problems with the first one of each field only: a form shows one message beside each field. */
function onePerField(problems: readonly Problem[]): Problem[] {
  const named = new Set<string>();
  return problems.filter((p) => {
    if (p.field === undefined) return true;
    if (named.has(p.field)) return false;
    named.add(p.field);
    return true;
  });
}
