import { Composer } from 'telegraf';
import type { Core } from '../../../core/core.js';
import { AccessDenied, DomainError, NotFound } from '../../../core/base/errors.js';
import { diaryData, type DiaryButton } from '../../callback-data/diary.js';
import type { BotContext } from '../../context.js';
import { answer, notSignedInText, problemsText } from '../../ui/answer.js';
import { onButton } from '../../ui/on-button.js';
import { show, type Screen } from '../../ui/screen.js';
import { chartPhoto } from './chart.js';
import { defaultStudentOf, viewerOf, type DiaryFlow } from './flow.js';
import { homeScreen } from './home.js';
import { recentScreen, subjectScreen, subjectsScreen } from './marks.js';
import { announcementsScreen, topicsScreen } from './notes.js';
import { homeworkScreen, scheduleScreen } from './plans.js';
import { absencesScreen, periodMarksScreen, ratingScreen } from './records.js';

/** Where the main menu and /diary open the diary. */
export type DiaryEntry = 'home' | 'marks' | 'homework' | 'schedule';

/**
 * The diary in the bot (D1–D8) for a student and a guardian: one message that edits itself, section by section.
 * Every button names the student it is about; the core re-checks on each tap that the user may read that
 * student's diary, so a forged or outdated button shows nothing and gets a polite answer.
 */
export function diary(core: Core) {
  const composer = new Composer<BotContext>();

  composer.command('diary', (ctx) => openDiary(ctx, core, 'home'));

  onButton(composer, diaryData, async (ctx, button) => {
    const viewer = viewerOf(ctx.identity);
    if (!viewer) {
      await ctx.answerCbQuery(ctx.t(ctx.identity ? 'diary:errors.notReader' : 'bot:menu.notSignedIn'));
      return;
    }
    const flow: DiaryFlow = { ctx, core, viewer };
    try {
      if (button.op === 'ch') {
        const { png, caption } = await chartPhoto(flow, button.studentId, button.subjectId);
        await ctx.answerCbQuery(ctx.t('diary:chart.sending'));
        // Shown now, not on the webhook's reply: the photo's upload takes a while, the toast says it is coming.
        await ctx.flushAnswer();
        await ctx.replyWithPhoto({ source: png, filename: 'marks.png' }, { caption });
        return;
      }
      await show(ctx, await handle(flow, button));
    } catch (err) {
      await answer(ctx, refusal(ctx, err), { alert: true });
      return;
    }
    await ctx.answerCbQuery();
  });

  return composer;
}

/** A section as a new message, from the main menu or /diary: the student's own diary, or the chosen child's. */
export async function openDiary(ctx: BotContext, core: Core, entry: DiaryEntry): Promise<void> {
  const identity = ctx.identity;
  if (!identity) {
    await ctx.reply(notSignedInText(ctx.t));
    return;
  }
  const viewer = viewerOf(identity);
  const studentId = defaultStudentOf(identity);
  if (!viewer || studentId === undefined) {
    await ctx.reply(ctx.t(viewer ? 'bot:menu.noChildren' : 'diary:errors.notReader'));
    return;
  }
  const flow: DiaryFlow = { ctx, core, viewer };
  const screens: Record<DiaryEntry, () => Promise<Screen>> = {
    home: () => homeScreen(flow, studentId),
    marks: () => recentScreen(flow, studentId, 0),
    homework: () => homeworkScreen(flow, studentId, 0),
    schedule: () => scheduleScreen(flow, studentId, 0),
  };
  await openDiaryScreen(ctx, screens[entry], 'new');
}

/**
 * A diary screen the user asked for: by default as a new message from typed text or a command, in place of
 * a button's message; what the diary refuses is told in the same words as on a diary button.
 */
export async function openDiaryScreen(ctx: BotContext, build: () => Promise<Screen>, mode?: 'new'): Promise<void> {
  let screen: Screen;
  try {
    screen = await build();
  } catch (err) {
    await ctx.reply(refusal(ctx, err));
    return;
  }
  await show(ctx, screen, mode);
}

function handle(flow: DiaryFlow, b: DiaryButton): Promise<Screen> {
  switch (b.op) {
    case 'h': return homeScreen(flow, b.studentId);
    case 'mr': return recentScreen(flow, b.studentId, b.page);
    case 'ms': return subjectsScreen(flow, b.studentId);
    case 'mj': return subjectScreen(flow, b.studentId, b.subjectId);
    case 'pm': return periodMarksScreen(flow, b.studentId);
    case 'ab': return absencesScreen(flow, b.studentId, b.page);
    case 'hw': return homeworkScreen(flow, b.studentId, b.range);
    case 'sc': return scheduleScreen(flow, b.studentId, b.range);
    case 'tc': return topicsScreen(flow, b.studentId, b.page);
    case 'rt': return ratingScreen(flow, b.studentId);
    case 'an': return announcementsScreen(flow, b.studentId, b.page);
    case 'ch': throw new NotFound('screen');
  }
}

/** What the user is told when the diary shows nothing: never whether the other child exists. */
function refusal(ctx: BotContext, err: unknown): string {
  if (err instanceof AccessDenied || err instanceof NotFound) return ctx.t('diary:errors.unavailable');
  if (err instanceof DomainError) return problemsText(ctx.t, err);
  throw err;
}
