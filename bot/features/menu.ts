import { Composer } from 'telegraf';
import type { Core } from '../../core/core.js';
import { menuItem, type MenuItem } from '../callback-data/identity.js';
import type { BotContext } from '../context.js';
import { notSignedInText } from '../ui/answer.js';
import { onButton } from '../ui/on-button.js';
import { openDaySummary } from './day-summary.js';
import { openDiary, type DiaryEntry } from './diary/index.js';
import { leaveLesson, openDay, openMyClass, openPeriodMarks } from './journal/index.js';
import { mainMenu, offerChildren, offerRoles } from './main-menu.js';
import { openNotifications } from './notifications.js';
import { offerStatement } from './statement.js';

const diaryEntry = (entry: DiaryEntry) => (ctx: BotContext, core: Core) => openDiary(ctx, core, entry);

/** Where each entry of the menu leads; an entry with no flow yet answers «Этот раздел скоро появится». */
const ENTRIES: Partial<Record<MenuItem, (ctx: BotContext, core: Core) => Promise<void>>> = {
  role: (ctx) => offerRoles(ctx),
  child: (ctx) => offerChildren(ctx),
  today: openDay,
  journal: openPeriodMarks,
  myClass: openMyClass,
  // The diary (D1–D8): marks, homework and the timetable open their sections, «Дневник» all of them.
  marks: diaryEntry('marks'),
  homework: diaryEntry('homework'),
  schedule: diaryEntry('schedule'),
  diary: diaryEntry('home'),
  statement: (ctx) => offerStatement(ctx),
  notifications: openNotifications,
  daySummary: openDaySummary,
};

/** `/menu` and the menu's buttons. */
export function menu(core: Core) {
  const composer = new Composer<BotContext>();

  composer.command('menu', async (ctx) => {
    if (!ctx.identity) {
      await ctx.reply(notSignedInText(ctx.t));
      return;
    }
    // A teacher back at the menu is done with the lesson it was entering.
    await leaveLesson(ctx, core);
    const { text, markup } = await mainMenu(core, ctx.t, ctx.identity, ctx.miniAppOrigin);
    await ctx.reply(text, markup);
  });

  onButton(composer, menuItem, async (ctx, { item }) => {
    if (!ctx.identity) {
      await ctx.answerCbQuery(ctx.t('bot:menu.notSignedIn'));
      return;
    }
    const open = ENTRIES[item];
    if (!open) {
      await ctx.answerCbQuery(ctx.t('bot:menu.soon'));
      return;
    }
    await ctx.answerCbQuery();
    await leaveLesson(ctx, core);
    await open(ctx, core);
  });

  return composer;
}
