import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import type { RecordService } from '../records/record-service.js';
import { ValidationFailed, problem, type Problem } from '../base/errors.js';
import type { RecordKindName } from '../records/record-kinds.js';
import type { LineProblems } from './import-failed.js';
import type { Refusal } from '../records/record-batch.js';

/** Whose a record of an import is: its line, and the columns its fields come from (field → column key). */
export interface LineRecord {
  row: ImportRow;
  columns: Readonly<Record<string, string>>;
}

/** How the records of an import's lines are written (see line-writers.ts): at once, or all together at the end. */
export interface LineWriter {
  /** Before each line. */
  begin(): Promise<void>;
  /** Saves (or plans) one record of the line and answers its id; throws ValidationFailed when the rules refuse it. */
  create(kind: RecordKindName, input: Record<string, unknown>, owner: LineRecord): Promise<number>;
  /** Undoes the records of the line so far. */
  undo(): Promise<void>;
  /** After each line. */
  end(): Promise<void>;
  /** After the last line: the records of the sound lines that the database's checks refuse. */
  check(): Promise<Refusal<LineRecord>[]>;
  /** After `check`, when no line failed: writes what is left to write. */
  finish(): Promise<void>;
}

/** What every line of one import shares: who imports into which school, in which transaction. */
export interface ImportContext {
  records: RecordService;
  actor: Actor;
  schoolId: number;
  /** The import's transaction. */
  em: EntityManager;
  /** Today in the school's time zone (YYYY-MM-DD). */
  today: string;
  writer: LineWriter;
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
      return await this.ctx.writer.create(kind, { ...input, school: this.ctx.schoolId }, { row: this, columns });
    } catch (err) {
      if (!(err instanceof ValidationFailed)) throw err;
      this.refuse(err.problems, columns);
      await this.ctx.writer.undo();
      return undefined;
    }
  }

  /**
   * Notes the problems the rules found with a record of the line against the columns `columns` maps its
   * fields to (except in a cell already found unreadable: the rules then only judged its stand-in).
   */
  refuse(problems: readonly Problem[], columns: Readonly<Record<string, string>>): void {
    const unreadable = new Set(this.found.map((e) => e.column).filter(Boolean));
    for (const p of problems) {
      const column = p.field ? columns[p.field] : undefined;
      if (!column || !unreadable.has(column)) this.add(column, p);
    }
  }

  private add(column: string | undefined, p: Problem): void {
    const entry = this.found.find((e) => e.column === column);
    if (entry) entry.problems.push(p);
    else this.found.push({ line: this.line, ...(column ? { column } : {}), problems: [p] });
  }
}
