import type { Period, PeriodType } from '../school/period.entity.js';

/** A period as the diary names it: «2 четверть», 01.11–28.12. */
export interface PeriodInfo {
  id: number;
  name: string;
  type: PeriodType;
  number: number;
  startDate: string;
  endDate: string;
}

export const periodInfo = (p: Period): PeriodInfo => ({
  id: p.id,
  name: p.name,
  type: p.type,
  number: p.number,
  startDate: p.startDate,
  endDate: p.endDate,
});
