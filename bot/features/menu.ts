import { Composer } from 'telegraf';
import type { Core } from '../../core/core.js';
import { decodeMenuItem, menuItemPattern } from '../callback-data/identity.js';
import type { BotContext } from '../context.js';
import { openDiary, type DiaryEntry } from './diary/index.js';
import { openDay, openMyClass, openPeriodMarks } from './journal/index.js';
import { mainMenu, offerChildren, offerRoles } from './main-menu.js';
import { openNotifications } from './notifications.js';
import { offerStatement } from './statement.js';

/** `/menu` and the menu's buttons. */
export function menu(core: Core) {
  const composer = new Composer<BotContext>();

  composer.command('menu', async (ctx) => {
    if (!ctx.identity) {
      await ctx.reply(`${ctx.t('bot:menu.notSignedIn')}\n\n${ctx.t('bot:start.howToGetAccess')}`);
      return;
    }
    const { text, markup } = mainMenu(core, ctx.t, ctx.identity);
    await ctx.reply(text, markup);
  });

  composer.action(menuItemPattern, async (ctx) => {
    const chosen = 'data' in ctx.callbackQuery ? decodeMenuItem(ctx.callbackQuery.data) : undefined;
    if (!chosen) {
      await ctx.answerCbQuery(ctx.t('common:errors.staleButton'));
      return;
    }
    if (!ctx.identity) {
      await ctx.answerCbQuery(ctx.t('bot:menu.notSignedIn'));
      return;
    }
    if (chosen === 'role' || chosen === 'child') {
      await ctx.answerCbQuery();
      await (chosen === 'role' ? offerRoles(ctx) : offerChildren(ctx));
      return;
    }
    const journalEntry = { today: openDay, journal: openPeriodMarks, myClass: openMyClass }[chosen as string];
    if (journalEntry) {
      await ctx.answerCbQuery();
      await journalEntry(ctx, core);
      return;
    }
    // The diary (D1–D8): marks, homework and the timetable open their sections, «Дневник» all of them.
    const diaryEntry = ({ marks: 'marks', homework: 'homework', schedule: 'schedule', diary: 'home' } as Record<string, DiaryEntry>)[chosen];
    if (diaryEntry) {
      await ctx.answerCbQuery();
      await openDiary(ctx, core, diaryEntry);
      return;
    }
    if (chosen === 'statement') {
      await ctx.answerCbQuery();
      await offerStatement(ctx);
      return;
    }
    if (chosen === 'notifications') {
      await ctx.answerCbQuery();
      await openNotifications(ctx, core);
      return;
    }
    // The real flows come in later issues; until then every entry point answers politely.
    await ctx.answerCbQuery(ctx.t('bot:menu.soon'));
  });

  return composer;
}
