import { Markup, TelegramError } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { BotContext } from '../../context.js';

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
  try {
    await ctx.editMessageText(text, markup);
  } catch (err) {
    if (err instanceof TelegramError && err.description.includes('message is not modified')) return;
    throw err;
  }
}

/** Buttons laid out `perRow` to a row. */
export function rows(buttons: InlineKeyboardButton[], perRow: number): InlineKeyboardButton[][] {
  const out: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) out.push(buttons.slice(i, i + perRow));
  return out;
}

/** The items of page `page` (clamped) of `size`, and how many pages there are. */
export function pageOf<T>(items: readonly T[], page: number, size: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(current * size, (current + 1) * size), page: current, pages };
}

/** ◀ 1/3 ▶ under a paged list; nothing when everything fits on one page. */
export function pager(page: number, pages: number, to: (page: number) => string): InlineKeyboardButton[][] {
  if (pages < 2) return [];
  const row: InlineKeyboardButton[] = [];
  if (page > 0) row.push(Markup.button.callback('◀', to(page - 1)));
  row.push(Markup.button.callback(`${page + 1}/${pages}`, to(page)));
  if (page < pages - 1) row.push(Markup.button.callback('▶', to(page + 1)));
  return [row];
}
