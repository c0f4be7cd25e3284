// The statement's buttons (D12). The student id is only a wish: the core checks the reader's right to that
// student on each tap.
import { NAMED_RANGES } from '../../core/reports/statement-range.js';
import { defineCallbackData, int, oneOf, type ButtonOf } from './define.js';

export const statementData = defineCallbackData('s1', {
  range: oneOf(NAMED_RANGES, { previousMonth: 'p', thisMonth: 'c' }),
  studentId: int({ min: 1 }),
});

export type StatementButton = ButtonOf<typeof statementData>;
export const { decode: decodeStatement, pattern: statementPattern } = statementData;
export const encodeStatement = (range: StatementButton['range'], studentId: number) => statementData.encode({ range, studentId });
