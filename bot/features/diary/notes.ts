import { encodeDiary } from '../../callback-data/diary.js';
import { pageOf, pager } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { DiaryFlow } from './flow.js';
import { backRow, heading, markLabel, shortDate } from './format.js';

const TOPICS_PAGE = 12;
const ANNOUNCEMENTS_PAGE = 5;

/** D6: what was studied lately, and the teachers' comments on the child's marks. */
export async function topicsScreen(flow: DiaryFlow, studentId: number, page: number): Promise<Screen> {
  const { t } = flow.ctx;
  const view = await flow.core.diary.topics(flow.viewer, studentId);
  // One list for paging: the topics, then the comments, each under its heading.
  const entries = [
    t('diary:topics.topicsHead'),
    ...(view.topics.length ? view.topics.map((x) => t('diary:topics.topic', { date: shortDate(x.date), subject: x.subject, topic: x.topic })) : [t('diary:topics.noTopics')]),
    t('diary:topics.commentsHead'),
    ...(view.comments.length
      ? view.comments.map((m) => t('diary:topics.comment', { date: shortDate(m.date), subject: m.subject, mark: markLabel(m), comment: m.comment }))
      : [t('diary:topics.noComments')]),
  ];
  const shown = pageOf(entries, page, TOPICS_PAGE);
  return {
    text: [heading(flow, studentId, t('diary:topics.title')), shown.items.join('\n')].join('\n\n'),
    keyboard: [...pager(shown.page, shown.pages, (p) => encodeDiary('tc', { studentId, page: p })), backRow(t, studentId)],
  };
}

/** D8: the school's and the class's announcements of the last 30 days, newest first. */
export async function announcementsScreen(flow: DiaryFlow, studentId: number, page: number): Promise<Screen> {
  const { t } = flow.ctx;
  const list = await flow.core.diary.announcements(flow.viewer, studentId);
  const shown = pageOf(list, page, ANNOUNCEMENTS_PAGE);
  const lines = [heading(flow, studentId, t('diary:announcements.title'))];
  if (list.length === 0) lines.push(t('diary:announcements.none'));
  for (const a of shown.items) {
    const whom = a.group ? t('diary:announcements.group', { group: a.group }) : t('diary:announcements.school');
    const head = t('diary:announcements.line', { date: shortDate(a.date), whom }) + (a.author ? ` · ${a.author}` : '');
    lines.push([head, a.title ? `«${a.title}»` : null, a.text].filter(Boolean).join('\n'));
  }
  return { text: lines.join('\n\n'), keyboard: [...pager(shown.page, shown.pages, (p) => encodeDiary('an', { studentId, page: p })), backRow(t, studentId)] };
}
