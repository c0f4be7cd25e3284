import { ReferenceKind, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { can, scopesOf, type Target } from '../access/policy.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import type { AuditLog } from '../audit/audit-log.js';
import { AccessDenied, ValidationFailed, problem, type Problem } from '../base/errors.js';
import { arrayLiteral, queryWithParameters } from '../db/array-parameters.js';
import type { Clock } from '../time/clock.js';
import type { Permission } from '../access/permissions.js';
import type { RecordKind, RecordKindName } from './record-kinds.js';
import type { Row } from './row.js';

/** What a batch asks of the record service (RecordService, which makes batches). */
export interface BatchRecords {
  kind(name: RecordKindName): RecordKind;
  meta(name: RecordKindName): EntityMetadata;
  newValues(name: RecordKindName, input: Record<string, unknown>, actor: Actor): Record<string, unknown>;
  target(name: RecordKindName, row: Row, actor: Actor, permission: Permission): Promise<Target>;
}

/** A row planned in a batch: its kind, its values (references as ids, its id already taken), and whose it is. */
interface Planned<T> {
  name: RecordKindName;
  values: Record<string, unknown> & { id: number };
  owner: T;
}

/** The problems of one planned row with the database, and whose row it is. */
export interface Refusal<T> {
  owner: T;
  problems: Problem[];
}

// PostgreSQL's error codes (the ORM does not translate the errors of a query it did not build).
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
// Rows per INSERT (one array parameter per column, whatever the count): a few MB of audit snapshots at most.
const CHUNK = 5000;
// Ids are taken from a table's sequence in blocks that double up to this size: a file of 3 lines takes a few,
// one of 10,000 lines a query per thousand rows.
const MAX_BLOCK = 1024;

/**
 * Rows created many at once, with the record service's rights and rules, all or nothing in the caller's
 * transaction (an import of 10,000 students with their parents: issue 17). `add` checks a row as
 * RecordService.create does before it reads the database and gives it its id; `check` then checks all rows
 * against the database together (references into the school, the actor's right to each row, the kinds'
 * rules, uniqueness), and `write` writes them and their audit lines, many rows per statement. The rows may
 * point to one another by those ids. Nothing of the batch is in the database while it is checked: each row is
 * checked as if the batch's other rows were not there yet, except for uniqueness, the references between
 * them and the kinds' `checkMany`.
 */
export class RecordBatch<T> {
  private readonly planned: Planned<T>[] = [];
  private readonly spareIds = new Map<string, { ids: number[]; next: number }>();
  /** How many of the planned rows `check` found sound. */
  private checked = -1;

  constructor(
    private readonly records: BatchRecords,
    private readonly em: EntityManager,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly actor: Actor,
  ) {}

  /** Plans a new row of a school (see RecordService.newValues for what is checked here) and answers its id. */
  async add(name: RecordKindName, input: Record<string, unknown>, owner: T): Promise<number> {
    if (name === 'School') throw new Error('a batch plans the rows of a school, not schools');
    const values = this.records.newValues(name, input, this.actor);
    const id = await this.nextId(this.records.meta(name).tableName);
    this.planned.push({ name, values: { ...values, id }, owner });
    return id;
  }

  /** How many rows are planned: a mark for `undo`. */
  get size(): number {
    return this.planned.length;
  }

  /** Forgets the rows planned since `mark` (their ids stay used, as a rolled-back insert's would). */
  undo(mark: number): void {
    this.planned.length = mark;
    this.checked = -1;
  }

  /**
   * Checks the planned rows against the database, kind by kind, and answers the rows it refuses with their
   * problems (none: `write` may follow). Throws AccessDenied when the actor may not write one of the rows, as
   * RecordService.create does.
   */
  async check(): Promise<Refusal<T>[]> {
    const refusals: Refusal<T>[] = [];
    // The school of each planned row, by table: references between planned rows are checked here, not in the database.
    const plannedSchools = new Map<string, Map<number, number | undefined>>();
    for (const p of this.planned) {
      const table = this.records.meta(p.name).tableName;
      let schools = plannedSchools.get(table);
      if (!schools) plannedSchools.set(table, (schools = new Map<number, number | undefined>()));
      schools.set(p.values.id, schoolOf(p.values));
    }
    for (const [name, rows] of this.byKind()) refusals.push(...(await this.checkKind(name, rows, plannedSchools)));
    this.checked = this.planned.length;
    return refusals;
  }

  /**
   * Writes the checked rows with their audit lines, kind by kind in the order the kinds were first planned
   * (a row before those that point to it), many rows per statement.
   */
  async write(): Promise<void> {
    if (this.checked !== this.planned.length) throw new Error('write() before check(), or after more rows were planned');
    const inserts = new InsertQueue(this.em);
    for (const [name, rows] of this.byKind()) await inserts.insert(this.records.kind(name).entity, rows.map((r) => r.values));
    const at = this.clock.now();
    // The audit lines are made a chunk at a time while the database writes the rows before them.
    for (let start = 0; start < this.planned.length; start += CHUNK) {
      const entries = this.planned.slice(start, start + CHUNK).map(({ name, values }) => {
        const entity = this.records.kind(name).entity.meta.className;
        const after = this.audit.snapshot(this.em, entity, asRow(this.records.meta(name), values));
        return this.audit.entry({ actor: this.actor, action: 'create', entity, entityId: values.id, schoolId: schoolOf(values), after, at });
      });
      await inserts.insert(AuditEntry, entries);
    }
    await inserts.done();
  }

  /** The planned rows by kind, a kind after those it points to (a file's first line may plan no parent). */
  private byKind(): Map<RecordKindName, Planned<T>[]> {
    const rowsOf = new Map<RecordKindName, Planned<T>[]>();
    for (const row of this.planned) {
      const rows = rowsOf.get(row.name);
      if (rows) rows.push(row);
      else rowsOf.set(row.name, [row]);
    }
    const tableOf = (name: RecordKindName) => this.records.meta(name).tableName;
    const pointsTo = (name: RecordKindName) => new Set(this.records.meta(name).relations.map((r) => this.em.getMetadata().get(r.type).tableName));
    const ordered = new Map<RecordKindName, Planned<T>[]>();
    let left = [...rowsOf.keys()];
    while (left.length) {
      const next = left.find((name) => !left.some((other) => other !== name && pointsTo(name).has(tableOf(other)))) ?? left[0]!;
      ordered.set(next, rowsOf.get(next)!);
      left = left.filter((name) => name !== next);
    }
    return ordered;
  }

  /** What RecordService.save checks before it writes a row, for all rows of one kind at once. */
  private async checkKind(name: RecordKindName, planned: Planned<T>[], plannedSchools: Map<string, Map<number, number | undefined>>): Promise<Refusal<T>[]> {
    const kind = this.records.kind(name);
    const meta = this.records.meta(name);
    const rows = planned.map((p) => asRow(meta, p.values));
    const problems = await this.foreignSchoolReferences(meta, rows, plannedSchools);
    const sound = rows.filter((_, i) => !problems[i]!.length);
    const schoolWide = scopesOf(this.actor, kind.edit).has('school');
    for (const row of sound) {
      const target: Target = schoolWide ? { schoolId: row.school!.id } : await this.records.target(name, row, this.actor, kind.edit);
      if (!can(this.actor, kind.edit, target)) throw new AccessDenied(kind.edit);
    }
    const ruled = kind.checkMany
      ? await kind.checkMany(this.em, sound, this.clock)
      : await sequentially(sound, async (row) => (await kind.check?.(this.em, row, this.clock)) ?? []);
    const index = new Map(rows.map((row, i) => [row, i]));
    sound.forEach((row, i) => problems[index.get(row)!]!.push(...ruled[i]!));
    // Two rows of the batch that the database would hold for one (the same parent twice for one child).
    const keys = uniqueKeys(meta);
    const seen = keys.map(() => new Set<string>());
    rows.forEach((row, i) => {
      if (problems[i]!.length) return;
      const duplicate = keys.some((key, k) => {
        const values = key.map((field) => planned[i]!.values[field]);
        if (values.some((v) => v === null || v === undefined)) return false;
        const text = JSON.stringify(values);
        if (seen[k]!.has(text)) return true;
        seen[k]!.add(text);
        return false;
      });
      if (duplicate) problems[i]!.push(problem('duplicate'));
    });
    return planned.flatMap((p, i) => (problems[i]!.length ? [{ owner: p.owner, problems: problems[i]! }] : []));
  }

  /**
   * Every reference of a row points to a row of the same school: one query per referenced table for the rows
   * already there; a row planned in this batch is of the school it was planned in.
   */
  private async foreignSchoolReferences(meta: EntityMetadata, rows: Row[], plannedSchools: Map<string, Map<number, number | undefined>>): Promise<Problem[][]> {
    const problems = rows.map((): Problem[] => []);
    for (const prop of meta.relations) {
      if (prop.name === 'school' || prop.kind !== ReferenceKind.MANY_TO_ONE) continue;
      const target = this.em.getMetadata().get(prop.type);
      if (!target.properties.school) continue;
      const planned = plannedSchools.get(target.tableName) ?? new Map<number, number | undefined>();
      const ids = [...new Set(rows.flatMap((row) => {
        const id = (row[prop.name] as { id: number } | null | undefined)?.id;
        return id === undefined || planned.has(id) ? [] : [id];
      }))];
      const found = ids.length
        ? await this.em.execute<{ id: number; school_id: number }[]>(`select id, school_id from ${target.tableName} where id = any(?::int[])`, [arrayLiteral(ids)])
        : [];
      const there = new Map(found.map((r) => [r.id, r.school_id]));
      const schoolOfRow = (id: number) => (planned.has(id) ? planned.get(id) : there.get(id));
      rows.forEach((row, i) => {
        const ref = row[prop.name] as { id: number } | null | undefined;
        if (ref && schoolOfRow(ref.id) !== row.school!.id) problems[i]!.push(problem('referenceInvalid', prop.name));
      });
    }
    return problems;
  }

  /** The next id of a table's sequence, taken in blocks. */
  private async nextId(table: string): Promise<number> {
    let spare = this.spareIds.get(table);
    if (!spare || spare.next === spare.ids.length) {
      const size = Math.min(MAX_BLOCK, 2 * (spare?.ids.length ?? 4));
      const rows = await this.em.execute<{ id: string }[]>(
        'select nextval(pg_get_serial_sequence(?, ?)) as id from generate_series(1, ?)', [table, 'id', size],
      );
      spare = { ids: rows.map((r) => Number(r.id)).sort((a, b) => a - b), next: 0 };
      this.spareIds.set(table, spare);
    }
    return spare.ids[spare.next++]!;
  }
}

/**
 * Inserts of one transaction, sent one after the other while the next are being prepared: the database
 * writes a chunk while this process encodes the following one (two cores, both busy).
 */
class InsertQueue {
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly em: EntityManager) {}

  /**
   * Queues the rows of one entity (values by property name, references as ids), a chunk per statement: each
   * column is one array parameter that `unnest` turns back into rows, so a statement is parsed and planned
   * once for thousands of rows.
   */
  async insert(entity: { meta: { className: string } }, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (!rows.length) return;
    const meta = this.em.getMetadata().get(entity.meta.className);
    const props = Object.keys(rows[0]!).map((name) => meta.properties[name]!).filter((prop) => prop.fieldNames?.length === 1);
    const columns = props.map((prop) => `"${prop.fieldNames[0]!}"`).join(', ');
    const arrays = props.map((prop) => `?::${columnType(this.em, prop)}[]`).join(', ');
    const sql = `insert into "${meta.tableName}" (${columns}) select * from unnest(${arrays})`;
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      const params = props.map((prop) => arrayLiteral(chunk.map((row) => row[prop.name])));
      this.last = this.last.then(() => this.run(sql, params));
      // Handled here so that a failure waits for done() without counting as unhandled meanwhile.
      this.last.catch(() => undefined);
      // Lets the statement go out before the next chunk is encoded.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Waits for every queued insert; throws the first failure (the ones after it were not sent). */
  done(): Promise<void> {
    return this.last;
  }

  private async run(sql: string, params: readonly string[]): Promise<void> {
    try {
      await queryWithParameters(this.em, sql, params);
    } catch (err) {
      // A row the database refuses that the checks let through (a row already there): nothing is kept.
      const code = (err as { code?: unknown }).code;
      if (code === UNIQUE_VIOLATION) throw new ValidationFailed([problem('duplicate')]);
      if (code === FOREIGN_KEY_VIOLATION) throw new ValidationFailed([problem('referenceInvalid')]);
      throw err;
    }
  }
}

/** A column's type as an array element: a reference's is that of the key it points to. */
function columnType(em: EntityManager, prop: EntityProperty): string {
  const type = prop.kind === ReferenceKind.SCALAR ? prop.columnTypes[0]! : em.getMetadata().get(prop.type).getPrimaryProps()[0]!.columnTypes[0]!;
  // An enum is text with a check constraint; a serial key is an int.
  return prop.enum ? 'text' : type.replace(/^serial$/, 'int').replace(/^bigserial$/, 'bigint');
}

/** The planned values as the rules and the audit see a row: references as `{ id }`. */
function asRow(meta: EntityMetadata, values: Record<string, unknown>): Row {
  const row: Record<string, unknown> = { ...values };
  for (const prop of meta.relations) {
    const id = values[prop.name];
    if (typeof id === 'number') row[prop.name] = { id };
  }
  return row as Row;
}

const schoolOf = (values: Record<string, unknown>) => (typeof values.school === 'number' ? values.school : undefined);

/** The entity's unique constraints, each as the property names it spans. */
function uniqueKeys(meta: EntityMetadata): string[][] {
  const fromUniques = meta.uniques.map((u) => [u.properties ?? []].flat<(string | string[])[]>().map(String)).filter((key) => key.length);
  return [...fromUniques, ...meta.props.filter((p) => p.unique && !p.primary).map((p) => [p.name])];
}

async function sequentially<R, A>(items: readonly A[], work: (item: A) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await work(item));
  return out;
}
