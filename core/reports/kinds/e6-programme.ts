import type { TFunction } from '../../i18n/i18n.js';
import { programmeFulfilment, type ProgrammeFigures } from '../programme-fulfilment.js';
import type { ReportContext } from '../report-context.js';
import type { ReportKind } from '../report-kind.js';
import { integer, text, type Cell } from '../report-model.js';

/**
 * The line a teacher writes on the subject's page at the end of the year (S0 §6.10): «Программа выполнена:
 * по плану N, фактически M», or «Не пройдены следующие темы: …».
 */
export function fulfilmentLine(figures: ProgrammeFigures, t: TFunction): string {
  if (!figures.hasPlan) return t('reports:E6.noPlan');
  if (figures.notCovered.length > 0) {
    return t('reports:E6.notCovered', { count: figures.notCovered.length, topics: figures.notCovered.map((topic) => topic.title).join('; ') });
  }
  return t('reports:E6.fulfilled', { planned: figures.plannedHours, given: figures.givenHours });
}

/**
 * E6, programme fulfilment: per assignment the hours of its КТП due within the dates by the timetable, the
 * lessons given with a topic, and the topics due but never given (programme-fulfilment.ts).
 */
export const programmeReport: ReportKind = {
  id: 'E6',
  titleKey: 'reports:kind.E6.title',
  descriptionKey: 'reports:kind.E6.description',
  async build(ctx: ReportContext) {
    const { t } = ctx;
    const figures = await programmeFulfilment(ctx.em, ctx.assignments.map((a) => a.id), ctx.range);
    const rows: Cell[][] = ctx.assignments.map((a) => {
      const f = figures.get(a.id)!;
      return [text(a.groupName), text(a.subjectName), text(a.teacherName), integer(f.plannedHours), integer(f.givenHours), text(fulfilmentLine(f, t))];
    });
    const columns = [
      { title: t('reports:columns.group') },
      { title: t('reports:columns.subject'), wide: true },
      { title: t('reports:columns.teacher'), wide: true },
      { title: t('reports:E6.planned') },
      { title: t('reports:E6.given') },
      { title: t('reports:E6.result'), wide: true },
    ];
    return {
      sections: [{ title: t('reports:E6.title'), columns, rows, note: t(rows.length === 0 ? 'reports:nothing' : 'reports:E6.how') }],
      charts: [],
    };
  },
};
