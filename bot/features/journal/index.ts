import { Composer } from 'telegraf';
import { message } from 'telegraf/filters';
import type { Core } from '../../../core/core.js';
import { AccessDenied, ConcurrentChange, DomainError, NotFound } from '../../../core/errors.js';
import { describeProblem } from '../../../core/i18n/i18n.js';
import { dateOfArg, decodeJournal, journalPattern, type JournalButton } from '../../callback-data/journal.js';
import type { BotContext } from '../../context.js';
import { absenceScreen, absencesScreen, excuse } from './absences.js';
import { dayScreen } from './day.js';
import type { Flow } from './flow.js';
import { askHomework, homeworkScreen, homeworkStudentsScreen, noHomework, removeHomework, saveHomework } from './homework.js';
import { awaitedInput, stopAwaiting } from './input.js';
import { lessonScreen } from './lesson-card.js';
import { askComment, changeMark, doubleScreen, giveMark, markScreen, marksScreen, removeMark, saveComment, studentScreen, workTypeScreen } from './marks.js';
import { acceptAllProposed, assignmentsScreen, deferPeriodMark, periodSheetScreen, periodsScreen, setPeriodMark, studentPeriodScreen } from './period-marks.js';
import { allPresent, cycleAttendance, finishRollCall, rollCallScreen } from './roll-call.js';
import { show, type Screen } from './screen.js';
import { askTopic, saveTypedTopic, takePlanTopic, topicListScreen, topicScreen } from './topic.js';
import { undoLast } from './undo.js';

/** Telegram shows at most 200 characters in a callback answer. */
const MAX_ANSWER = 200;

/**
 * The teacher's journal in the bot (C1–C6, C10): «Сегодня», the lesson card, topic, roll call, marks,
 * homework and undo. Every button is decoded, and the core re-checks the actor's rights to its lesson,
 * student or mark, so a stale or forged button changes nothing and gets a polite answer.
 */
export function journal(core: Core) {
  const composer = new Composer<BotContext>();

  composer.command('today', async (ctx) => {
    await openDay(ctx, core);
  });

  composer.action(journalPattern, async (ctx) => {
    const button = 'data' in ctx.callbackQuery ? decodeJournal(ctx.callbackQuery.data) : undefined;
    const flow = flowOf(ctx, core);
    if (!button || !flow) {
      await ctx.answerCbQuery(ctx.t(button ? 'journal:errors.notTeacher' : 'common:errors.staleButton'));
      return;
    }
    let toast: string | undefined;
    try {
      const screen = await handle(flow, button);
      if (screen) await show(ctx, screen);
      else toast = ctx.t('journal:undo.nothing');
    } catch (err) {
      toast = await explain(flow, button, err);
    }
    await answer(ctx, toast);
  });

  // Typed input the bot asked for (a topic, homework, a comment); a command cancels the wait.
  composer.on(message('text'), async (ctx, next) => {
    const flow = flowOf(ctx, core);
    if (!flow) return next();
    const awaited = await awaitedInput(flow);
    if (!awaited) return next();
    if (ctx.message.text.startsWith('/')) {
      await stopAwaiting(flow);
      return next();
    }
    const text = ctx.message.text;
    let screen: Screen;
    try {
      screen = awaited.kind === 'topic'
        ? await saveTypedTopic(flow, awaited.lessonId, text)
        : awaited.kind === 'homework'
          ? await saveHomework(flow, awaited.lessonId, awaited.studentId, text)
          : await saveComment(flow, awaited.markId, text);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      // The wait goes on: the teacher corrects the text and sends it again, or cancels.
      await ctx.reply(`${err.problems.map((p) => describeProblem(ctx.t, p)).join('\n')}\n\n${ctx.t('journal:input.tryAgain')}`);
      return;
    }
    await stopAwaiting(flow);
    await show(ctx, screen, 'new');
  });

  return composer;
}

/** «Сегодня» as a new message, from the menu or /today. */
export const openDay = (ctx: BotContext, core: Core) => openScreen(ctx, core, (flow) => dayScreen(flow), 'journal:errors.notTeacher');

/** «Журнал»: period marks, from the teacher's classes and subjects. */
export const openPeriodMarks = (ctx: BotContext, core: Core) => openScreen(ctx, core, (flow) => assignmentsScreen(flow), 'journal:errors.notTeacher');

/** «Мой класс»: the class teacher's absences to record reasons for. */
export const openMyClass = (ctx: BotContext, core: Core) => openScreen(ctx, core, (flow) => absencesScreen(flow, 0), 'journal:errors.notClassTeacher');

async function openScreen(ctx: BotContext, core: Core, screen: (flow: Flow) => Promise<Screen>, refusal: string): Promise<void> {
  const flow = flowOf(ctx, core);
  if (!flow) {
    await ctx.reply(ctx.t(ctx.identity ? refusal : 'bot:menu.notSignedIn'));
    return;
  }
  try {
    await show(ctx, await screen(flow), 'new');
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    await ctx.reply(err instanceof AccessDenied ? ctx.t(refusal) : err.problems.map((p) => describeProblem(ctx.t, p)).join('\n'));
  }
}

function flowOf(ctx: BotContext, core: Core): Flow | undefined {
  const actor = ctx.identity?.actor;
  if (!actor || actor.kind !== 'staff' || !ctx.from) return undefined;
  return { ctx, core, actor, userId: ctx.from.id };
}

async function handle(flow: Flow, b: JournalButton): Promise<Screen | undefined> {
  switch (b.op) {
    case 'd': {
      const date = dateOfArg(b.date);
      if (!date) throw new NotFound('date');
      return dayScreen(flow, date);
    }
    case 'o': {
      const date = dateOfArg(b.date);
      if (!date) throw new NotFound('date');
      const lesson = await flow.core.journal.openLesson(b.assignmentId, date, b.lessonNumber, flow.actor);
      return lessonScreen(flow, lesson.id);
    }
    case 'l': return lessonScreen(flow, b.lessonId);
    case 't': return topicScreen(flow, b.lessonId);
    case 'tp': return takePlanTopic(flow, b.lessonId, b.topicId);
    case 'tl': return topicListScreen(flow, b.lessonId, b.page);
    case 'tx': return askTopic(flow, b.lessonId);
    case 'r': return rollCallScreen(flow, b.lessonId, b.page);
    case 'rs': return cycleAttendance(flow, b.lessonId, b.studentId, b.version, b.code, b.page);
    case 'ra': return allPresent(flow, b.lessonId);
    case 'rd': return finishRollCall(flow, b.lessonId);
    case 'm': return marksScreen(flow, b.lessonId, b.page);
    case 'ms': return studentScreen(flow, b.lessonId, b.studentId, b.workTypeId);
    case 'md': return doubleScreen(flow, b.lessonId, b.studentId, b.workTypeId);
    case 'mt': return workTypeScreen(flow, b.lessonId, b.studentId);
    case 'mg': return giveMark(flow, b.lessonId, b.studentId, b.workTypeId, b.value, b.second);
    case 'me': return markScreen(flow, b.markId);
    case 'mx': return changeMark(flow, b.markId, b.version, b.value);
    case 'mr': return removeMark(flow, b.markId, b.version);
    case 'mc': return askComment(flow, b.markId);
    case 'h': return homeworkScreen(flow, b.lessonId);
    case 'ht': return askHomework(flow, b.lessonId, b.studentId);
    case 'hn': return noHomework(flow, b.lessonId);
    case 'hs': return homeworkStudentsScreen(flow, b.lessonId, b.page);
    case 'hr': return removeHomework(flow, b.homeworkId);
    case 'u': {
      const undone = await undoLast(flow, b.lessonId);
      return undone === undefined ? undefined : lessonScreen(flow, b.lessonId, flow.ctx.t('journal:undo.done', { what: undone }));
    }
    case 'x':
      await stopAwaiting(flow);
      return lessonScreen(flow, b.lessonId);
    case 'pa': return assignmentsScreen(flow);
    case 'pp': return periodsScreen(flow, b.assignmentId);
    case 'ps': return periodSheetScreen(flow, b.assignmentId, b.periodId, b.page);
    case 'pe': return studentPeriodScreen(flow, b.assignmentId, b.periodId, b.studentId);
    case 'pv': return setPeriodMark(flow, b.assignmentId, b.periodId, b.studentId, b.version, b.value);
    case 'pd': return deferPeriodMark(flow, b.assignmentId, b.periodId, b.studentId, b.version, b.weeks);
    case 'pk': return acceptAllProposed(flow, b.assignmentId, b.periodId);
    case 'ca': return absencesScreen(flow, b.page);
    case 'ce': return absenceScreen(flow, b.attendanceId);
    case 'cx': return excuse(flow, b.attendanceId, b.version, b.code);
  }
}

/**
 * What the teacher is told when a tap changed nothing. A cell someone else changed meanwhile is shown
 * afresh, so the loser of a race sees the winner's value (C10).
 */
async function explain(flow: Flow, button: JournalButton, err: unknown): Promise<string> {
  const { t } = flow.ctx;
  if (err instanceof ConcurrentChange) {
    const refreshed = await refresh(flow, button)?.catch(() => undefined);
    if (refreshed) await show(flow.ctx, refreshed);
    return t('journal:errors.concurrent');
  }
  if (err instanceof AccessDenied || err instanceof NotFound) return t('journal:errors.unavailable');
  if (err instanceof DomainError) return err.problems.map((p) => describeProblem(t, p)).join('\n');
  throw err;
}

function refresh(flow: Flow, b: JournalButton): Promise<Screen> | undefined {
  if (b.op === 'rs') return rollCallScreen(flow, b.lessonId, b.page);
  if (b.op === 'mx' || b.op === 'mr') return markScreen(flow, b.markId);
  if (b.op === 'cx') return absenceScreen(flow, b.attendanceId);
  if (b.op === 'pv' || b.op === 'pd') return studentPeriodScreen(flow, b.assignmentId, b.periodId, b.studentId);
  if ('lessonId' in b) return lessonScreen(flow, b.lessonId);
  return undefined;
}

/** Every callback query is answered; a long refusal goes as an alert the teacher must close. */
async function answer(ctx: BotContext, text: string | undefined): Promise<void> {
  if (!text) {
    await ctx.answerCbQuery();
    return;
  }
  if (text.length <= MAX_ANSWER) {
    await ctx.answerCbQuery(text, { show_alert: true });
    return;
  }
  await ctx.answerCbQuery(ctx.t('journal:errors.notSaved'), { show_alert: true });
  await ctx.reply(text);
}
