import { Composer } from 'telegraf';
import type { Core } from '../../core/core.js';
import { translator } from '../../core/i18n/i18n.js';
import { LANGUAGES } from '../../core/i18n/languages.js';
import { languageChoice } from '../callback-data/language.js';
import { commandMenu } from '../commands.js';
import type { BotContext } from '../context.js';
import { button } from '../ui/keyboard.js';
import { onButton } from '../ui/on-button.js';
import { show } from '../ui/screen.js';

export function language(core: Core) {
  const composer = new Composer<BotContext>();

  composer.command('language', async (ctx) => {
    const buttons = LANGUAGES.map((l) => button(ctx.t(`common:languageName.${l}`), languageChoice.encode({ language: l })));
    await show(ctx, { text: ctx.t('bot:language.prompt'), keyboard: [buttons] });
  });

  onButton(composer, languageChoice, async (ctx, { language: chosen }) => {
    await core.telegramAccounts.setLanguage(ctx.from.id, chosen);
    const t = translator(core.i18n, chosen);
    await ctx.answerCbQuery();
    await ctx.editMessageText(t('bot:language.changed'));
    // The menu of this chat follows the chosen language, whatever the Telegram app's language is. A menu
    // Telegram refuses now is no reason to undo the choice the user was just told of.
    await ctx.telegram.setMyCommands(commandMenu(t), { scope: { type: 'chat', chat_id: ctx.from.id } })
      .catch((err: unknown) => core.log.warn({ err }, 'command menu of the chat not set'));
  });

  return composer;
}
