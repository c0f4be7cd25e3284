import spec from './bot-api-methods.json' with { type: 'json' };
import { EntityParseError, formatText } from './formatting.js';

type FieldSpec = { required: string[]; optional: string[] };

/** The official Bot API 10.1 method list (generated from Telegram's documentation). */
export const BOT_API_VERSION = spec.version;
const methods = spec.methods as Record<string, FieldSpec>;
const types = spec.types as Record<string, FieldSpec>;
const byLowerName = new Map(Object.keys(methods).map((name) => [name.toLowerCase(), name]));

/** Telegram's method names are case-insensitive; this is the documented spelling, or undefined. */
export function canonicalMethod(name: string): string | undefined {
  return byLowerName.get(name.toLowerCase());
}

/** A refusal: what went wrong, for the test log, and Telegram's description of it. */
export interface Problem {
  violation: string;
  description: string;
}

export const LIMITS = {
  text: 4096,
  caption: 1024,
  callbackData: 64,
  buttons: 100,
  callbackAnswer: 200,
} as const;

/** The fields of an inline keyboard button. */
export const BUTTON_FIELDS = new Set(['text', ...types.InlineKeyboardButton!.optional]);
const WEB_APP_FIELDS = new Set([...types.WebAppInfo!.required, ...types.WebAppInfo!.optional]);
const ACTION_FIELDS = types.InlineKeyboardButton!.optional.filter((f) => f !== 'icon_custom_emoji_id' && f !== 'style');
const TEXT_METHODS = new Set(['sendMessage', 'editMessageText']);
const CAPTION_METHODS = new Set(['sendPhoto', 'sendDocument', 'sendAudio', 'sendVideo', 'sendAnimation', 'sendVoice', 'editMessageCaption', 'copyMessage', 'sendPaidMedia']);

export interface ValidateOptions {
  /**
   * Telegram's test environment lets Mini Apps be served over plain HTTP; the production one wants HTTPS
   * (WebAppInfo.url: "An HTTPS URL"). The sandbox, which serves its Mini App on http://localhost, is the former.
   */
  httpWebApps?: boolean;
}

/** Everything Telegram would refuse in this call as malformed: fields, sizes, keyboards, markup. */
export function validateCall(method: string, payload: Record<string, unknown>, options: ValidateOptions = {}): Problem[] {
  const fields = methods[method];
  if (!fields) return [{ violation: `unknown method ${method}`, description: 'Bad Request: method not found' }];
  const problems: Problem[] = [];
  const bad = (violation: string, description: string) => problems.push({ violation: `${method}: ${violation}`, description: `Bad Request: ${description}` });
  for (const field of fields.required) if (payload[field] === undefined || payload[field] === null) bad(`missing ${field}`, `${field} is empty`);
  for (const field of Object.keys(payload)) {
    if (!fields.required.includes(field) && !fields.optional.includes(field)) bad(`unknown field ${field}`, `unknown parameter ${field}`);
  }

  if (TEXT_METHODS.has(method)) {
    if (method === 'editMessageText' && payload.text === undefined) bad('missing text', 'text is empty');
    if (payload.text !== undefined) checkText(payload.text, payload.parse_mode, LIMITS.text, 'text', bad);
  }
  if (CAPTION_METHODS.has(method) && payload.caption !== undefined) checkText(payload.caption, payload.parse_mode, LIMITS.caption, 'caption', bad);
  if (method === 'answerCallbackQuery' && typeof payload.text === 'string' && payload.text.length > LIMITS.callbackAnswer) {
    bad(`text of ${payload.text.length} characters`, 'MESSAGE_TOO_LONG');
  }
  if (method === 'getUpdates' && payload.limit !== undefined) {
    const limit = Number(payload.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) bad(`limit ${JSON.stringify(payload.limit)}`, 'limit must be between 1 and 100');
  }
  if (payload.reply_markup !== undefined) checkMarkup(payload.reply_markup, bad, { ...options, groupChat: isGroupChat(payload.chat_id) });
  if (method === 'setMyCommands') checkCommands(payload.commands, bad);
  return problems;
}

function checkText(value: unknown, parseMode: unknown, max: number, name: string, bad: (v: string, d: string) => void): void {
  if (typeof value !== 'string') {
    bad(`${name} is not a string`, `${name} must be a string`);
    return;
  }
  let length: number;
  try {
    length = formatText(value, parseMode).text.length;
  } catch (err) {
    if (!(err instanceof EntityParseError)) throw err;
    bad(`can't parse entities: ${err.message}`, `can't parse entities: ${err.message}`);
    return;
  }
  if (name === 'text' && length === 0) bad('text is empty', 'message text is empty');
  if (length > max) bad(`${name} of ${length} characters`, name === 'text' ? 'message is too long' : 'message caption is too long');
}

/** A group's or a channel's id is negative (or a @username); a private chat's is the user's positive id. */
function isGroupChat(chatId: unknown): boolean {
  const id = typeof chatId === 'string' && /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
  return typeof id === 'number' ? id < 0 : typeof id === 'string';
}

function checkMarkup(markup: unknown, bad: (v: string, d: string) => void, options: ValidateOptions & { groupChat: boolean }): void {
  if (typeof markup !== 'object' || markup === null || Array.isArray(markup)) {
    bad('reply_markup is not an object', "can't parse reply keyboard markup JSON object");
    return;
  }
  const record = markup as Record<string, unknown>;
  const kind = 'inline_keyboard' in record ? 'InlineKeyboardMarkup'
    : 'keyboard' in record ? 'ReplyKeyboardMarkup'
    : 'remove_keyboard' in record ? 'ReplyKeyboardRemove'
    : 'force_reply' in record ? 'ForceReply' : undefined;
  if (!kind) {
    bad('reply_markup of no known kind', "can't parse reply keyboard markup JSON object");
    return;
  }
  // Inside objects Telegram ignores fields it does not know (telegraf adds `hide` to buttons), and so do we.
  if (kind !== 'InlineKeyboardMarkup') return;
  const rows = record.inline_keyboard;
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) {
    bad('inline_keyboard is not an array of arrays', 'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    return;
  }
  const buttons = (rows as unknown[][]).flat();
  if (buttons.length > LIMITS.buttons) bad(`${buttons.length} inline buttons (Telegram allows ${LIMITS.buttons})`, 'reply markup is too long');
  for (const button of buttons) {
    if (typeof button !== 'object' || button === null) {
      bad('an inline button is not an object', "can't parse inline keyboard button");
      continue;
    }
    const b = button as Record<string, unknown>;
    if (typeof b.text !== 'string' || b.text === '') bad('an inline button without text', 'text buttons are unallowed in the inline keyboard');
    const actions = ACTION_FIELDS.filter((f) => b[f] !== undefined);
    if (actions.length !== 1) bad(`an inline button with ${actions.length} actions`, "can't parse inline keyboard button: exactly one of the optional fields must be used");
    if (b.callback_data !== undefined) {
      const bytes = typeof b.callback_data === 'string' ? Buffer.byteLength(b.callback_data) : -1;
      if (bytes < 1 || bytes > LIMITS.callbackData) bad(`callback_data of ${bytes < 0 ? 'non-string' : bytes} bytes`, 'BUTTON_DATA_INVALID');
    }
    if (b.web_app !== undefined) checkWebApp(b.web_app, bad, options);
  }
}

/** WebAppInfo: one field, `url`, an HTTPS URL; a web_app button only in a private chat with the bot. */
function checkWebApp(webApp: unknown, bad: (v: string, d: string) => void, options: ValidateOptions & { groupChat: boolean }): void {
  if (options.groupChat) bad('a web_app button in a group chat', 'BUTTON_TYPE_INVALID');
  const url = typeof webApp === 'object' && webApp !== null ? (webApp as { url?: unknown }).url : undefined;
  for (const field of Object.keys(typeof webApp === 'object' && webApp !== null ? webApp : {})) {
    if (!WEB_APP_FIELDS.has(field)) bad(`web_app with the unknown field ${field}`, "can't parse inline keyboard button: WebAppInfo");
  }
  if (typeof url !== 'string') {
    bad('web_app without a url', "can't parse inline keyboard button: Field \"url\" must be of type String");
    return;
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const allowed = parsed && (parsed.protocol === 'https:' || (options.httpWebApps === true && parsed.protocol === 'http:'));
  if (!allowed) bad(`web_app url ${url}`, `inline keyboard button Web App URL '${url}' is invalid: Only HTTPS links are allowed`);
}

function checkCommands(commands: unknown, bad: (v: string, d: string) => void): void {
  if (!Array.isArray(commands)) return;
  if (commands.length > 100) bad(`${commands.length} commands`, 'too many commands');
  for (const c of commands as { command?: unknown; description?: unknown }[]) {
    if (typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) bad(`command ${JSON.stringify(c.command)}`, 'BOT_COMMAND_INVALID');
    if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) {
      bad(`description of /${String(c.command)}`, 'BOT_COMMAND_DESCRIPTION_INVALID');
    }
  }
}
