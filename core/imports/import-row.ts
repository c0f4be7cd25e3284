import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import type { RecordService } from '../records/record-service.js';
import { ValidationFailed, problem, type Problem } from '../base/errors.js';
import type { RecordKindName } from '../records/record-kinds.js';
import type { LineProblems } from './import-failed.js';
import { savepoint } from './transaction.js';

/** What every line of one import shares: who imports into which school, in which transaction. */
export interface ImportContext {
  records: RecordService;
  actor: Actor;
  schoolId: number;
  /** The import's transaction. */
  em: EntityManager;
  /** Today in the school's time zone (YYYY-MM-DD). */
  today: string;
}

/** One line of the file being imported: its cells by column key, and the problems found on it. */
export class ImportRow {
  private readonly found: LineProblems[] = [];

  constructor(
    readonly line: number,
    private readonly values: Record<string, string>,
    private readonly ctx: ImportContext,
  ) {}

  /** The cell of `column`, trimmed ('' when empty or absent). */
  get(column: string): string {
    return this.values[column] ?? '';
  }

  get failed(): boolean {
    return this.found.length > 0;
  }

  get problems(): LineProblems[] {
    return this.found;
  }

  /** Notes a problem of the line in `column` (or of the line as a whole). Returns undefined for chaining. */
  reject(column: string | undefined, key: string, params?: Problem['params']): undefined {
    this.add(column, problem(key, undefined, params));
    return undefined;
  }

  /**
   * Saves a record through the record service (rights, school, references and rules as in the panel) and
   * returns its id. When the rules refuse it, its problems are noted against the columns `columns` maps
   * its fields to (except in a cell already found unreadable: the rules then only judged its stand-in),
   * the line's earlier records are undone, and undefined is returned.
   */
  async save(kind: RecordKindName, input: Record<string, unknown>, columns: Readonly<Record<string, string>>): Promise<number | undefined> {
    try {
      const row = (await this.ctx.records.create(kind, { ...input, school: this.ctx.schoolId }, this.ctx.actor)) as { id: number };
      return row.id;
    } catch (err) {
      if (!(err instanceof ValidationFailed)) throw err;
      const unreadable = new Set(this.found.map((e) => e.column).filter(Boolean));
      for (const p of err.problems) {
        const column = p.field ? columns[p.field] : undefined;
        if (!column || !unreadable.has(column)) this.add(column, p);
      }
      await savepoint.undo(this.ctx.em);
      return undefined;
    }
  }

  private add(column: string | undefined, p: Problem): void {
    const entry = this.found.find((e) => e.column === column);
    if (entry) entry.problems.push(p);
    else this.found.push({ line: this.line, ...(column ? { column } : {}), problems: [p] });
  }
}
