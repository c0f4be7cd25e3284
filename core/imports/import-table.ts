import type { Actor } from '../access/actor.js';
import { requireAccess } from '../access/policy.js';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { i18n } from 'i18next';
import type { RecordService } from '../records/record-service.js';
import type { Clock } from '../time/clock.js';
import { problem } from '../base/errors.js';
import { LANGUAGES } from '../i18n/languages.js';
import { cellsByKey, matchColumns } from './columns.js';
import { ImportFailed, type LineProblems } from './import-failed.js';
import { ImportRow, type ImportContext } from './import-row.js';
import { importSchool } from './import-school.js';
import { IMPORT_KINDS, type ImportKindName } from './kinds/index.js';
import { schoolToday } from './lookups.js';
import { readTable } from './read-table.js';
import type { TableFormat } from './table.js';
import { inOneTransaction } from './transaction.js';
import { inBulk, lineByLine } from './line-writers.js';

export interface ImportOptions {
  /**
   * The school to import into: optional where the actor may import into one school only (a school's
   * staff: their own; the deployment administrator of a deployment with one school). See import-school.ts.
   */
  schoolId?: number;
}

/** What an import needs of the core: its own transaction, the record service that saves each line. */
export interface ImportDeps {
  orm: MikroORM;
  records: RecordService;
  i18n: i18n;
  clock: Clock;
}

/**
 * Imports a school's list (A15) from a CSV or XLSX file: every line is saved through the record service,
 * so the rights and rules are those of the panel. All or nothing: if any line is wrong, nothing is saved
 * and ImportFailed lists every bad line with its problems, each named by its line and its column as the
 * file heads it.
 */
export async function importTable(
  core: ImportDeps, kind: ImportKindName, buffer: Buffer, format: TableFormat, actor: Actor, options: ImportOptions = {},
): Promise<{ imported: number }> {
  requireAccess(actor, 'data.import');
  const schoolId = await importSchool(core.orm.em.fork(), actor, options.schoolId);

  const spec = IMPORT_KINDS[kind];
  const table = await readTable(buffer, format);
  const titles = LANGUAGES.map((lng) => core.i18n.getFixedT(lng, 'errors'));
  const { keyOf, problems } = matchColumns(table.header, spec.columns, (key) => titles.map((t) => t(`import.columns.${key}`)));
  // Problems name a column as the file heads it («Last name» in an English file read in the Russian panel).
  const headers = Object.fromEntries([...keyOf].map(([text, key]) => [key, text]));
  if (problems.length) throw new ImportFailed(problems, headers);
  if (!table.rows.length) throw new ImportFailed([{ line: 1, problems: [problem('import.fileEmpty')] }], headers);

  return inOneTransaction(core.orm, async (em) => {
    const writer = spec.bulk ? inBulk(em, core.records, actor) : lineByLine(em, core.records, actor);
    const ctx: ImportContext = { records: core.records, actor, schoolId, em, today: await schoolToday(em, core.clock, schoolId), writer };
    const importLine = await spec.start(ctx);
    const failed = new Set<ImportRow>();
    for (const { line, cells } of table.rows) {
      const row = new ImportRow(line, cellsByKey(cells, keyOf), ctx);
      await writer.begin();
      await importLine(row);
      if (row.failed) {
        failed.add(row);
        await writer.undo();
      }
      await writer.end();
    }
    for (const { owner, problems } of await writer.check()) {
      owner.row.refuse(problems, owner.columns);
      failed.add(owner.row);
    }
    // A line's problems in the order of the kind's columns; those of the line as a whole last.
    const order = (column?: string) => (column ? spec.columns.findIndex((c) => c.key === column) : spec.columns.length);
    const failures: LineProblems[] = [...failed]
      .sort((a, b) => a.line - b.line)
      .flatMap((row) => row.problems.sort((a, b) => order(a.column) - order(b.column)));
    if (failures.length) throw new ImportFailed(failures, headers); // rolls the whole transaction back
    await writer.finish();
    return { imported: table.rows.length };
  });
}
