import { Composer, Markup } from 'telegraf';
import type { Core } from '../../core/core.js';
import { translator } from '../../core/i18n/i18n.js';
import { LANGUAGES } from '../../core/i18n/languages.js';
import { decodeLanguageChoice, encodeLanguageChoice, languageChoicePattern } from '../callback-data/language.js';
import { commandMenu } from '../commands.js';
import type { BotContext } from '../context.js';

export function language(core: Core) {
  const composer = new Composer<BotContext>();

  composer.command('language', async (ctx) => {
    const buttons = LANGUAGES.map((l) => Markup.button.callback(ctx.t(`common:languageName.${l}`), encodeLanguageChoice(l)));
    await ctx.reply(ctx.t('bot:language.prompt'), Markup.inlineKeyboard(buttons));
  });

  composer.action(languageChoicePattern, async (ctx) => {
    const chosen = 'data' in ctx.callbackQuery ? decodeLanguageChoice(ctx.callbackQuery.data) : undefined;
    if (!chosen) {
      await ctx.answerCbQuery(ctx.t('common:errors.staleButton'));
      return;
    }
    await core.telegramAccounts.setLanguage(ctx.from.id, chosen);
    const t = translator(core.i18n, chosen);
    await ctx.answerCbQuery();
    await ctx.editMessageText(t('bot:language.changed'));
    // The menu of this chat follows the chosen language, whatever the Telegram app's language is.
    await ctx.telegram.setMyCommands(commandMenu(t), { scope: { type: 'chat', chat_id: ctx.from.id } });
  });

  return composer;
}
