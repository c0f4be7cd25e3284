// The statement's buttons (D12): `s1:<p|c>:<studentId>`, versioned so that buttons of an older release read
// as stale. The student id is only a wish: the core checks the reader's right to that student on each tap.
import type { NamedRange } from '../../core/reports/statement-range.js';

const STATEMENT = /^s1:([pc]):(\d{1,12})$/;
const CODES: Record<NamedRange, string> = { previousMonth: 'p', thisMonth: 'c' };

export interface StatementButton {
  range: NamedRange;
  studentId: number;
}

export function encodeStatement(range: NamedRange, studentId: number): string {
  const data = `s1:${CODES[range]}:${studentId}`;
  if (Buffer.byteLength(data) > 64) throw new Error('callback data over 64 bytes: statement');
  return data;
}

export function decodeStatement(data: string): StatementButton | undefined {
  const match = STATEMENT.exec(data);
  const studentId = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(studentId) || studentId <= 0) return undefined;
  return { range: match[1] === 'p' ? 'previousMonth' : 'thisMonth', studentId };
}

export const statementPattern = /^s1:/;
