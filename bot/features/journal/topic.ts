import type { InlineKeyboardButton } from 'telegraf/types';
import type { TopicChoicesView } from '../../../core/journal/journal-views.js';
import { encodeJournal } from '../../callback-data/journal.js';
import { button, pagedKeyboard } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { Flow } from './flow.js';
import { clip } from './format.js';
import { awaitInput } from './input.js';
import { backToLesson, lessonCard, lessonHeading } from './lesson-card.js';

const PAGE = 8;

/** The topic (C2): the next topic of the plan as one button, another from the plan, or typed. */
export async function topicScreen(flow: Flow, lessonId: number): Promise<Screen> {
  const { t, language } = flow.ctx;
  const choices = await flow.core.teacherJournal.topicChoices(lessonId, flow.actor);
  const { lesson } = choices;
  const lines = [lessonHeading(t, language, lesson)];
  lines.push(lesson.topic ? t('journal:lesson.topic', { topic: lesson.topic }) : t('journal:lesson.noTopic'));
  const keyboard: InlineKeyboardButton[][] = [];
  if (choices.next) {
    lines.push(t('journal:topic.next', { topic: choices.next.title }));
    keyboard.push([button(`✓ ${clip(choices.next.title)}`, encodeJournal('tp', { lessonId, topicId: choices.next.id }))]);
  } else if (choices.topics.length === 0) {
    lines.push(t('journal:topic.noPlan'));
  } else {
    lines.push(t('journal:topic.planDone'));
  }
  if (choices.topics.length) keyboard.push([button(t('journal:topic.fromPlan'), encodeJournal('tl', { lessonId, page: pageWith(choices) }))]);
  keyboard.push([button(t('journal:topic.type'), encodeJournal('tx', { lessonId }))]);
  keyboard.push([backToLesson(t, lessonId)]);
  return { text: lines.join('\n\n'), keyboard };
}

/** The plan's topics, a page at a time, each with the lessons it had of its hours. */
export async function topicListScreen(flow: Flow, lessonId: number, page: number): Promise<Screen> {
  const { t } = flow.ctx;
  const choices = await flow.core.teacherJournal.topicChoices(lessonId, flow.actor);
  const list = pagedKeyboard(choices.topics, {
    page, size: PAGE,
    to: (p) => encodeJournal('tl', { lessonId, page: p }),
    button: ({ topic, covered }) =>
      button(`${covered >= topic.hours ? '✓ ' : ''}${topic.position}. ${clip(topic.title, 34)} (${covered}/${topic.hours})`, encodeJournal('tp', { lessonId, topicId: topic.id })),
  });
  return { text: t('journal:topic.pick'), keyboard: [...list.keyboard, [backToLesson(t, lessonId)]] };
}

export async function takePlanTopic(flow: Flow, lessonId: number, topicId: number): Promise<Screen> {
  const sheet = await flow.core.teacherJournal.setTopic(lessonId, { planTopicId: topicId }, flow.actor);
  return lessonCard(flow, sheet, flow.ctx.t('journal:topic.saved', { topic: sheet.lesson.topic }));
}

/** Asks for the topic as text; the next message of the user is taken as it (see input.ts). */
export async function askTopic(flow: Flow, lessonId: number): Promise<Screen> {
  const { t } = flow.ctx;
  await flow.core.teacherJournal.lesson(lessonId, flow.actor);
  await awaitInput(flow, { kind: 'topic', lessonId });
  return { text: t('journal:topic.prompt'), keyboard: [[button(t('journal:input.cancel'), encodeJournal('x', { lessonId }))]] };
}

export async function saveTypedTopic(flow: Flow, lessonId: number, text: string): Promise<Screen> {
  const sheet = await flow.core.teacherJournal.setTopic(lessonId, { text }, flow.actor);
  return lessonCard(flow, sheet, flow.ctx.t('journal:topic.saved', { topic: sheet.lesson.topic }));
}

/** The page on which the next topic is, so the list opens where the teacher is in the plan. */
function pageWith(choices: TopicChoicesView): number {
  const index = choices.next ? choices.topics.findIndex((r) => r.topic.id === choices.next!.id) : 0;
  return Math.max(0, Math.floor(index / PAGE));
}
