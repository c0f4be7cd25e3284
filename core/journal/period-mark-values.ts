/** 2–5, зачёт, незачёт, н/а (не аттестован), осв. (освобождён) — S0 §4.10. */
export const PERIOD_MARK_VALUES = ['2', '3', '4', '5', 'pass', 'fail', 'na', 'exempt'] as const;
export type PeriodMarkValue = (typeof PERIOD_MARK_VALUES)[number];
