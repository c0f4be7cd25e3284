import { Composer } from 'telegraf';
import { message } from 'telegraf/filters';
import type { Core } from '../../core/core.js';
import { NotFound } from '../../core/base/errors.js';
import type { Question, QuestionTopic } from '../../core/questions/question.js';
import type { BotIdentity } from '../../core/telegram/bot-identity.js';
import { commandList } from '../commands.js';
import { questionChild } from '../callback-data/question.js';
import type { BotContext } from '../context.js';
import { notSignedInText } from '../ui/answer.js';
import { button } from '../ui/keyboard.js';
import { onButton } from '../ui/on-button.js';
import { show, type Screen } from '../ui/screen.js';
import { viewerOf, type DiaryFlow } from './diary/flow.js';
import { openDiaryScreen } from './diary/index.js';
import { recentScreen, subjectScreen, subjectsScreen } from './diary/marks.js';
import { homeworkAskedScreen, scheduleAskedScreen } from './diary/plans.js';
import { absencesScreen } from './diary/records.js';
import { childLabel, mainMenu } from './main-menu.js';

/** A question the diary can answer, with its topic known. */
type Asked = Question & { topic: QuestionTopic };

/**
 * Typed text no command and no flow took: never left unanswered. A student's or a guardian's question
 * («какое домашнее задание по русскому?», «что получил по математике») gets the diary's screen that answers
 * it — the same screen as the menu's button, about the student itself or the guardian's child (asked which
 * when there are several); anything else gets what the bot can do and the main menu; staff their menu with a
 * hint; someone the bot does not know how to connect. Last in the chain, after every command.
 * The text is never logged: it may name a child.
 */
export function questions(core: Core) {
  const composer = new Composer<BotContext>();

  composer.on(message('text'), async (ctx) => {
    const text = ctx.message.text;
    const identity = ctx.identity;
    if (!identity) {
      await ctx.reply(notSignedInText(ctx.t));
      return;
    }
    // The features took every command they know before this: what reaches here is mistyped or outdated.
    if (text.startsWith('/')) {
      await replyWithMenu(ctx, core, identity, ctx.t('bot:free.unknownCommand', { commands: commandList(ctx.t) }));
      return;
    }
    const viewer = viewerOf(identity);
    if (!viewer) {
      await replyWithMenu(ctx, core, identity, ctx.t('bot:free.staff'));
      return;
    }
    const question = await core.questions.understand(viewer, text);
    if (!isAsked(question)) {
      await replyWithMenu(ctx, core, identity, ctx.t('bot:free.unknown'));
      return;
    }
    const flow: DiaryFlow = { ctx, core, viewer };
    if (identity.personKind === 'student') {
      await openDiaryScreen(ctx, () => answerScreen(flow, identity.personId, question));
      return;
    }
    const children = identity.children ?? [];
    if (children.length === 0) {
      await ctx.reply(ctx.t('bot:menu.noChildren'));
      return;
    }
    if (children.length === 1) {
      await openDiaryScreen(ctx, () => answerScreen(flow, children[0]!.studentId, question));
      return;
    }
    const keyboard = children.map((c) => [
      button(childLabel(ctx.t, c), questionChild.encode({ studentId: c.studentId, topic: question.topic, subjectId: question.subjectId ?? 0, day: question.day ?? null })),
    ]);
    await show(ctx, { text: ctx.t('bot:free.whichChild'), keyboard }, 'new');
  });

  // The guardian's choice of child for a question: the diary re-checks that the child is the guardian's.
  onButton(composer, questionChild, async (ctx, b) => {
    const viewer = viewerOf(ctx.identity);
    if (!viewer) {
      await ctx.answerCbQuery(ctx.t(ctx.identity ? 'diary:errors.notReader' : 'bot:menu.notSignedIn'));
      return;
    }
    await ctx.answerCbQuery();
    const question: Asked = { topic: b.topic, ...(b.subjectId ? { subjectId: b.subjectId } : {}), ...(b.day === null ? {} : { day: b.day }) };
    await openDiaryScreen(ctx, () => answerScreen({ ctx, core, viewer }, b.studentId, question));
  });

  return composer;
}

const isAsked = (q: Question): q is Asked => q.topic !== undefined;

/** The diary's screen that answers the question: the one its menu button or section opens. */
async function answerScreen(flow: DiaryFlow, studentId: number, q: Asked): Promise<Screen> {
  switch (q.topic) {
    case 'homework': return homeworkAskedScreen(flow, studentId, q);
    case 'schedule': return scheduleAskedScreen(flow, studentId, q.day);
    case 'absences': return absencesScreen(flow, studentId, 0);
    case 'marks': {
      if (q.subjectId === undefined) return recentScreen(flow, studentId, 0);
      try {
        return await subjectScreen(flow, studentId, q.subjectId);
      } catch (err) {
        // A subject the student is not taught this term: the subjects it is taught.
        if (err instanceof NotFound) return subjectsScreen(flow, studentId);
        throw err;
      }
    }
  }
}

/** A short word and the main menu of the current role. */
async function replyWithMenu(ctx: BotContext, core: Core, identity: BotIdentity, hint: string): Promise<void> {
  const { text, markup } = await mainMenu(core, ctx.t, identity, ctx.miniAppOrigin);
  await ctx.reply(`${hint}\n\n${text}`, markup);
}
