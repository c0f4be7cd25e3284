import type { TFunction } from '../i18n/i18n.js';
import type { ReportTable } from './report-model.js';

/**
 * How many people a report names (G4): the different names in its student and teacher columns, whatever
 * the kind; in a numbered table (a «№» column) only the numbered rows, not its totals («Успеваемость, %»).
 * A report of counts only (E9's classes) names nobody.
 */
export function peopleNamed(table: ReportTable, t: TFunction): number {
  const titles = new Set([t('reports:columns.student'), t('reports:columns.teacher')]);
  const names = new Set<string>();
  for (const section of table.sections) {
    const numbered = section.columns[0]?.title === '№';
    section.columns.forEach((column, i) => {
      if (!titles.has(column.title)) return;
      for (const row of section.rows) {
        if (numbered && row[0]?.type !== 'integer') continue;
        const cell = row[i];
        if (cell?.type === 'text' && cell.value) names.add(`${column.title}|${cell.value}`);
      }
    });
  }
  return names.size;
}
