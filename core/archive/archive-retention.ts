import type { ArchiveKind } from './journal-archive.entity.js';

/**
 * How long each file of an archive set is kept (F4), in years:
 * - the journal 5 years: S0 §8.6 «Хранение электронных журналов … осуществляется в течение 5 лет в архиве»;
 * - the summary sheet 25 years: S0 §8.7 «По истечении 5 лет из журналов изымаются сводные ведомости
 *   успеваемости … которые хранятся в архиве не менее 25 лет» (and the director's duties in S0: «журналов
 *   теоретического обучения — 5 лет, … сводных ведомостей успеваемости — 25 лет»).
 */
export const RETENTION_YEARS: Record<ArchiveKind, number> = { journal: 5, summary: 25 };

/**
 * The first day a file of an academic year's archive may be deleted. The years are counted as Russian
 * archives count them: from 1 January of the year after the one in which the records were closed (the
 * academic year's last day), «исчисление сроков хранения документов производится с 1 января года,
 * следующего за годом окончания их делопроизводства» (Перечень типовых управленческих архивных документов,
 * приказ Росархива от 20.12.2019 № 236). A year ending on 31.05.2027 is counted from 01.01.2028: its journal
 * may go on 01.01.2033, its summary sheet on 01.01.2053, and not a day earlier.
 */
export function expiresOn(kind: ArchiveKind, yearEnd: string): string {
  const closed = Number(yearEnd.slice(0, 4));
  return `${closed + 1 + RETENTION_YEARS[kind]}-01-01`;
}

/** Whether the file's retention is over on `today` (both YYYY-MM-DD, the school's own date). */
export const hasExpired = (expires: string, today: string): boolean => today >= expires;
