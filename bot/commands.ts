import type { Telegraf } from 'telegraf';
import type { Core } from '../core/core.js';
import { translator, type TFunction } from '../core/i18n/i18n.js';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../core/i18n/languages.js';
import type { BotContext } from './context.js';

const COMMANDS = ['start', 'menu', 'today', 'role', 'child', 'help', 'language', 'leak', 'statement', 'diary', 'notifications'] as const;

export function commandMenu(t: TFunction) {
  return COMMANDS.map((command) => ({ command, description: t(`bot:commands.${command}`) }));
}

/** «/today — Уроки на сегодня», one a line: what a command nobody knows is answered with. */
export function commandList(t: TFunction): string {
  return commandMenu(t).map(({ command, description }) => `/${command} — ${description}`).join('\n');
}

/** The command menu in every language, and in Russian for apps in any other language. */
export async function registerCommands(bot: Telegraf<BotContext>, core: Core): Promise<void> {
  for (const language of LANGUAGES) {
    await bot.telegram.setMyCommands(commandMenu(translator(core.i18n, language)), { language_code: language });
  }
  await bot.telegram.setMyCommands(commandMenu(translator(core.i18n, DEFAULT_LANGUAGE)));
}
