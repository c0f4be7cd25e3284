import { Markup } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { BotContext } from '../context.js';
import { ignoreNotModified } from './telegram-errors.js';

/** One state of a flow: the text of its message and its buttons. */
export interface Screen {
  text: string;
  keyboard: InlineKeyboardButton[][];
}

/** Telegram's limit for a message's text. */
const MAX_TEXT = 4096;

/**
 * Shows a screen in the message the button belongs to (C10: one message that edits itself), or as a new
 * message when the flow starts from a command or typed text. Re-rendering the same state is no error.
 */
export async function show(ctx: BotContext, screen: Screen, mode: 'edit' | 'new' = ctx.callbackQuery ? 'edit' : 'new'): Promise<void> {
  const text = screen.text.length > MAX_TEXT ? `${screen.text.slice(0, MAX_TEXT - 1)}…` : screen.text;
  const markup = Markup.inlineKeyboard(screen.keyboard);
  if (mode === 'new' || !ctx.callbackQuery?.message) {
    await ctx.reply(text, markup);
    return;
  }
  await ignoreNotModified(ctx.editMessageText(text, markup));
}
