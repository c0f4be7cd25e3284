import type { MarksChartSeries } from '../../../core/diary/marks-chart.js';
import { renderMarksChart } from '../../../core/diary/marks-chart.js';
import { ruDate } from '../../../core/time/format.js';
import type { DiaryFlow } from './flow.js';
import { studentName } from '../../../core/people/display-name.js';
import type { TFunction } from '../../../core/i18n/i18n.js';
import type { BotChild } from '../../../core/telegram/bot-identity.js';

/** «График»: the child's marks of the year so far as a picture, every subject or the one chosen. */
export async function chartPhoto(flow: DiaryFlow, studentId: number, subjectId: number): Promise<{ png: Buffer; caption: string }> {
  const { t, identity } = flow.ctx;
  const data = await flow.core.diary.chartData(flow.viewer, studentId, subjectId || undefined);
  const name = flow.viewer.kind === 'student'
    ? identity?.displayName ?? ''
    : childName(t, identity?.children?.find((c) => c.studentId === studentId));
  let series: MarksChartSeries[];
  if (data.subject !== undefined) {
    const points = data.subjects[0]?.points ?? [];
    series = points.length === 0 ? [] : [
      { name: data.subject, points: points.map((p) => ({ date: p.date, value: p.average })) },
      { name: t('diary:chart.running'), dashed: true, points: points.map((p) => ({ date: p.date, value: p.running })) },
    ];
  } else {
    series = data.subjects.map((s) => ({ name: s.subject, points: s.points.map((p) => ({ date: p.date, value: p.average })) }));
  }
  const title = data.subject !== undefined ? t('diary:chart.subjectTitle', { subject: data.subject, name }) : t('diary:chart.title', { name });
  const period = t('diary:chart.period', { from: ruDate(data.from), to: ruDate(data.to) });
  const png = await renderMarksChart({ title, subtitle: period, series, emptyText: t('diary:chart.empty') });
  return { png, caption: `📈 ${title}\n${period}` };
}

const childName = (t: TFunction, child: BotChild | undefined) => (child ? studentName(child.name, 'lastFirst', t) : '');
