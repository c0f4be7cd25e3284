import { Composer } from 'telegraf';
import type { Core } from '../../../core/core.js';
import { AccessDenied, ConcurrentChange, DomainError, NotFound } from '../../../core/base/errors.js';
import { dateOfArg, journalData, type JournalButton } from '../../callback-data/journal.js';
import type { BotContext } from '../../context.js';
import { tellFailure } from '../../failure.js';
import type { InputFlow } from '../../input/typed-input.js';
import { answer, problemsText } from '../../ui/answer.js';
import { onButton } from '../../ui/on-button.js';
import { show, type Screen } from '../../ui/screen.js';
import { absenceScreen, absencesScreen, excuse } from './absences.js';
import { dayScreen } from './day.js';
import type { Flow } from './flow.js';
import { askHomework, homeworkScreen, homeworkStudentsScreen, noHomework, removeHomework, saveHomework } from './homework.js';
import { JOURNAL_INPUT, JOURNAL_WAITS, stopAwaiting, type JournalWait } from './input.js';
import { lessonCard, lessonScreen } from './lesson-card.js';
import { inLesson, leftLesson } from './lesson-entry.js';
import { askComment, changeMark, doubleScreen, giveMark, markScreen, marksScreen, removeMark, saveComment, studentScreen, workTypeScreen } from './marks.js';
import { acceptAllProposed, assignmentsScreen, deferPeriodMark, periodSheetScreen, periodsScreen, setPeriodMark, studentPeriodScreen } from './period-marks.js';
import { allPresent, cycleAttendance, finishRollCall, rollCallScreen } from './roll-call.js';
import { askTopic, saveTypedTopic, takePlanTopic, topicListScreen, topicScreen } from './topic.js';
import { undoLast } from './undo.js';

/**
 * The teacher's journal in the bot (C1–C6, C10): «Сегодня», the lesson card, topic, roll call, marks,
 * homework and undo. Every button is decoded, and the core re-checks the actor's rights to its lesson,
 * student or mark, so a stale or forged button changes nothing and gets a polite answer.
 */
export function journal(core: Core) {
  const composer = new Composer<BotContext>();

  composer.command('today', async (ctx) => {
    await leaveLesson(ctx, core);
    await openDay(ctx, core);
  });

  onButton(composer, journalData, async (ctx, button) => {
    const flow = flowOf(ctx, core);
    if (!flow) {
      await ctx.answerCbQuery(ctx.t('journal:errors.notTeacher'));
      return;
    }
    let toast: string | undefined;
    try {
      const screen = await handle(flow, button);
      // Shown once the update's transaction has committed: a change that fails at its COMMIT (a tap's write
      // goes out with it, see LessonTaps) never shows as made.
      if (screen) ctx.afterCommit(() => showCommitted(core, ctx, screen));
      else toast = ctx.t('journal:undo.nothing');
      await followLesson(flow, button);
    } catch (err) {
      toast = await explain(flow, button, err);
    }
    // A long refusal goes as an alert the teacher must close, and in full as a message.
    await answer(ctx, toast, { alert: true, overflow: ctx.t('journal:errors.notSaved') });
  });

  return composer;
}

/**
 * The screen after an update that has committed. Telegram refusing it (a 5xx, the message deleted) takes
 * nothing back: the change is kept, and the teacher is told so and how to see it, rather than that it failed.
 */
async function showCommitted(core: Core, ctx: BotContext, screen: Screen): Promise<void> {
  try {
    await show(ctx, screen);
  } catch (err) {
    core.log.warn({ err, updateId: ctx.update.update_id }, 'journal screen not shown after its update committed');
    await tellFailure(core, ctx, 'journal:errors.notShown');
  }
}

/** The typed text the journal asked for (a topic, homework, a comment), routed here by typed-input.ts. */
export function journalInput(core: Core): InputFlow<JournalWait> {
  return {
    name: JOURNAL_INPUT,
    kinds: JOURNAL_WAITS,
    async take(ctx, wait, text) {
      const flow = flowOf(ctx, core);
      // No longer a teacher (another role chosen meanwhile): the text is not the journal's.
      if (!flow) return undefined;
      switch (wait.kind) {
        case 'topic': return saveTypedTopic(flow, wait.lessonId, text);
        case 'homework': return saveHomework(flow, wait.lessonId, wait.studentId, text);
        case 'comment': return saveComment(flow, wait.markId, text);
      }
    },
    // The wait goes on: the teacher corrects the text and sends it again, or cancels.
    refused: (ctx, err) => ({ text: `${problemsText(ctx.t, err)}\n\n${ctx.t('journal:input.tryAgain')}`, waitOn: true }),
  };
}

/** «Сегодня» as a new message, from the menu or /today. */
export const openDay = (ctx: BotContext, core: Core) => openScreen(ctx, core, (flow) => dayScreen(flow), 'journal:errors.notTeacher');

/**
 * The teacher left the lesson it was entering, for the menu or a command: its entry is over (lesson-entry.ts).
 * Called by the menu for every entry, the journal's own included.
 */
export async function leaveLesson(ctx: BotContext, core: Core): Promise<void> {
  const flow = flowOf(ctx, core);
  if (flow) await leftLesson(core, flow.actor, flow.userId);
}

/** Where a tap leaves the teacher: in a lesson (its id on the button), still in it (a mark's screens), or out of it. */
async function followLesson(flow: Flow, b: JournalButton): Promise<void> {
  if ('lessonId' in b) await inLesson(flow.core, flow.actor, flow.userId, b.lessonId, flow.known?.lessonToldId === b.lessonId);
  else if (!('markId' in b)) await leftLesson(flow.core, flow.actor, flow.userId);
}

/** «Журнал»: period marks, from the teacher's classes and subjects. */
export const openPeriodMarks = (ctx: BotContext, core: Core) => openScreen(ctx, core, (flow) => assignmentsScreen(flow), 'journal:errors.notTeacher');

/** «Мой класс»: the class teacher's absences to record reasons for. */
export const openMyClass = (ctx: BotContext, core: Core) => openScreen(ctx, core, (flow) => absencesScreen(flow, 0, undefined, true), 'journal:errors.notClassTeacher');

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
    await ctx.reply(err instanceof AccessDenied ? ctx.t(refusal) : problemsText(ctx.t, err));
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
      return lessonCard(flow, await flow.core.teacherJournal.openLesson(b.assignmentId, date, b.lessonNumber, flow.actor));
    }
    case 'l': return lessonScreen(flow, b.lessonId, undefined, true);
    case 't': return topicScreen(flow, b.lessonId);
    case 'tp': return takePlanTopic(flow, b.lessonId, b.topicId);
    case 'tl': return topicListScreen(flow, b.lessonId, b.page);
    case 'tx': return askTopic(flow, b.lessonId);
    // The screens that name people are opened here (one read each, G4); redrawn after a change, they are not.
    case 'r': return rollCallScreen(flow, b.lessonId, b.page, undefined, true);
    case 'rs': return cycleAttendance(flow, b.lessonId, b.studentId, b.version, b.code, b.page);
    case 'ra': return allPresent(flow, b.lessonId);
    case 'rd': return finishRollCall(flow, b.lessonId);
    case 'm': return marksScreen(flow, b.lessonId, b.page, undefined, undefined, true);
    case 'ms': return studentScreen(flow, b.lessonId, b.studentId, b.workTypeId, undefined, undefined, true);
    case 'md': return doubleScreen(flow, b.lessonId, b.studentId, b.workTypeId);
    case 'mt': return workTypeScreen(flow, b.lessonId, b.studentId);
    case 'mg': return giveMark(flow, b.lessonId, b.studentId, b.workTypeId, b.value, b.second, b.seen);
    case 'me': return markScreen(flow, b.markId, undefined, true);
    case 'mx': return changeMark(flow, b.markId, b.version, b.value);
    case 'mr': return removeMark(flow, b.markId, b.version);
    case 'mc': return askComment(flow, b.markId);
    case 'h': return homeworkScreen(flow, b.lessonId, undefined, true);
    case 'ht': return askHomework(flow, b.lessonId, b.studentId);
    case 'hn': return noHomework(flow, b.lessonId);
    case 'hs': return homeworkStudentsScreen(flow, b.lessonId, b.page);
    case 'hr': return removeHomework(flow, b.homeworkId);
    case 'u': {
      const undone = await undoLast(flow, b.lessonId);
      return undone && lessonCard(flow, undone.sheet, flow.ctx.t('journal:undo.done', { what: undone.label }));
    }
    case 'x':
      await stopAwaiting(flow);
      return lessonScreen(flow, b.lessonId, undefined, true);
    case 'pa': return assignmentsScreen(flow);
    case 'pp': return periodsScreen(flow, b.assignmentId);
    case 'ps': return periodSheetScreen(flow, b.assignmentId, b.periodId, b.page, undefined, true);
    case 'pe': return studentPeriodScreen(flow, b.assignmentId, b.periodId, b.studentId, true);
    case 'pv': return setPeriodMark(flow, b.assignmentId, b.periodId, b.studentId, b.version, b.value);
    case 'pd': return deferPeriodMark(flow, b.assignmentId, b.periodId, b.studentId, b.version, b.weeks);
    case 'pk': return acceptAllProposed(flow, b.assignmentId, b.periodId);
    case 'ca': return absencesScreen(flow, b.page, undefined, true);
    case 'ce': return absenceScreen(flow, b.attendanceId, true);
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
  if (err instanceof DomainError) return problemsText(t, err);
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
