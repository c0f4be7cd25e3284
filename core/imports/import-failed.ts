import { DomainError, type Problem } from '../base/errors.js';

/** What is wrong on one line of an imported file, in one of its columns or in the line as a whole. */
export interface LineProblems {
  /** Spreadsheet line; the header is line 1. */
  line: number;
  /** Column key (`errors:import.columns.<key>` names it); absent when the problem is not one column's. */
  column?: string;
  problems: Problem[];
}

/** The file was not imported: every bad line is listed, and nothing was saved. */
export class ImportFailed extends DomainError {
  /** `headers`: each column key → its header as the file has it. */
  constructor(
    readonly lines: LineProblems[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(lines.flatMap((l) => l.problems));
  }

  /** The distinct line numbers with problems, in order. */
  get lineNumbers(): number[] {
    return [...new Set(this.lines.map((l) => l.line))].sort((a, b) => a - b);
  }
}
