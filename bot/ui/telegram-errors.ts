import { TelegramError } from 'telegraf';

/** Telegram's refusal to edit a message into what it already is: the user tapped twice, nothing to do. */
export const isNotModified = (err: unknown) => err instanceof TelegramError && err.description.includes('message is not modified');

export async function ignoreNotModified(edit: Promise<unknown>): Promise<void> {
  try {
    await edit;
  } catch (err) {
    if (!isNotModified(err)) throw err;
  }
}
