import { ValidationFailed, problem } from '../base/errors.js';

/** A message fits one Telegram message together with the header the recipient sees above it. */
export const MAX_MESSAGE_LENGTH = 3000;
export const MAX_TITLE_LENGTH = 200;

/** The text as it will be kept: trimmed, not empty, not too long. */
export function messageText(text: unknown, field = 'text', max = MAX_MESSAGE_LENGTH): string {
  const value = typeof text === 'string' ? text.trim() : '';
  if (!value) throw new ValidationFailed([problem('messages.textEmpty', field)]);
  if (value.length > max) throw new ValidationFailed([problem('messages.textTooLong', field, { max, length: value.length })]);
  return value;
}

/** An optional title: empty means none. */
export function titleText(title: unknown): string | null {
  const value = typeof title === 'string' ? title.trim() : '';
  if (!value) return null;
  if (value.length > MAX_TITLE_LENGTH) throw new ValidationFailed([problem('messages.textTooLong', 'title', { max: MAX_TITLE_LENGTH, length: value.length })]);
  return value;
}
