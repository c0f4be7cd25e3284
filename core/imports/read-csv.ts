import { parse, type Options } from 'csv-parse/sync';
import { tableFromLines, type Table } from './table.js';

const BOM = '\uFEFF';

/**
 * Which of `;` and `,` separates the header's cells: Excel's Russian CSVs use `;`, most others `,`.
 * Counted outside quotes; a tie (one column) means `;`.
 */
export function detectDelimiter(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return commas > semicolons ? ',' : ';';
}

/** A CSV file in UTF-8 (with or without a BOM), `;` or `,` separated. */
export function readCsv(buffer: Buffer): Table {
  let text = buffer.toString('utf8');
  if (text.startsWith(BOM)) text = text.slice(BOM.length);
  const options: Options = { delimiter: detectDelimiter(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false };
  const lines: string[][] = parse(text, options);
  return tableFromLines(lines);
}
