import { Markup } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';

/** A button that sends `data` back (made by one of bot/callback-data's codecs). */
export const button = (text: string, data: string): InlineKeyboardButton => Markup.button.callback(text, data);

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
  if (page > 0) row.push(button('◀', to(page - 1)));
  row.push(button(`${page + 1}/${pages}`, to(page)));
  if (page < pages - 1) row.push(button('▶', to(page + 1)));
  return [row];
}

/**
 * A list of `size` a page (clamped): the page's items as buttons `perRow` to a row, then the pager. Used for
 * the class lists (30–40 students) of the roll call, marks and homework, and every other long list.
 */
export function pagedKeyboard<T>(
  items: readonly T[],
  options: { page: number; size: number; perRow?: number; button: (item: T, page: number) => InlineKeyboardButton; to: (page: number) => string },
): { keyboard: InlineKeyboardButton[][]; items: T[]; page: number; pages: number } {
  const shown = pageOf(items, options.page, options.size);
  const buttons = shown.items.map((item) => options.button(item, shown.page));
  const keyboard = [...rows(buttons, options.perRow ?? 1), ...pager(shown.page, shown.pages, options.to)];
  return { keyboard, ...shown };
}
