import type { InlineKeyboardButton, MessageEntity, User } from 'telegraf/types';
import { isUpload, type Payload, type UploadedFile } from './body.js';
import { fileInfo, toTelegramMessage, type ChatMessage, type ChatStore, type FileInfo } from './chats.js';
import { formatText } from './formatting.js';
import { imageSize } from './images.js';
import { BUTTON_FIELDS } from './validate.js';
import type { UpdateQueue } from './updates.js';

/** An answer other than success: Telegram's error code, description and parameters. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
    /** Set when the call was malformed (a bug in the bot), not merely refused. */
    readonly violation?: string,
  ) {
    super(description);
  }
}

export interface Webhook {
  url: string;
  secretToken?: string;
  allowedUpdates?: string[];
  maxConnections?: number;
}

/** What the method handlers work on: the emulator's state and its event outlet. */
export interface EmulatorState {
  readonly botUser: User;
  readonly chats: ChatStore;
  readonly updates: UpdateQueue;
  readonly adoptUnknown: boolean;
  webhook: Webhook | undefined;
  readonly commands: Map<string, unknown[]>;
  /** Callback queries delivered and not yet answered: id → chat. */
  readonly callbackQueries: Map<string, number>;
  emit(event: 'message' | 'edit', message: ChatMessage): void;
  emit(event: 'delete', info: { chatId: number; messageId: number }): void;
  emit(event: 'callbackAnswer', info: { chatId: number | undefined; callbackQueryId: string; text?: string; showAlert: boolean }): void;
  emit(event: 'chatAction', info: { chatId: number; action: string }): void;
}

export interface CallContext {
  method: string;
  payload: Payload;
  /** Resolves when the client went away or the emulator stops. */
  closed: Promise<void>;
}

type Handler = (state: EmulatorState, ctx: CallContext) => unknown;

const NOT_MODIFIED = 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
const CHAT_ACTIONS = new Set(['typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note']);

/**
 * A chat the bot is in: a private chat (the user's id), or a group a test put the bot in (a negative id, see
 * UserSide.sendText's `group`); anything else is a chat this bot is not in.
 */
export function knownChatId(chats: ChatStore, value: unknown): number | undefined {
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : undefined;
  if (id === undefined || !Number.isSafeInteger(id)) return undefined;
  return id > 0 || chats.group(id) ? id : undefined;
}

function chatOf(state: EmulatorState, payload: Payload): number {
  const id = knownChatId(state.chats, payload.chat_id);
  if (id === undefined) throw new ApiError(400, 'Bad Request: chat not found');
  return id;
}

const messageOut = (state: EmulatorState, message: ChatMessage) =>
  toTelegramMessage(message, state.botUser, state.chats.user(message.chatId), state.chats);

/** The inline keyboard as Telegram keeps it: fields it does not know (telegraf's `hide`) dropped. */
const keyboardOf = (payload: Payload): InlineKeyboardButton[][] => {
  const markup = payload.reply_markup as { inline_keyboard?: Record<string, unknown>[][] } | undefined;
  return (markup?.inline_keyboard ?? []).map((row) =>
    row.map((button) => Object.fromEntries(Object.entries(button).filter(([field]) => BUTTON_FIELDS.has(field))) as unknown as InlineKeyboardButton),
  );
};

function formatted(value: unknown, parseMode: unknown, entities: unknown): { text: string; entities?: MessageEntity[] } {
  const result = formatText(String(value), parseMode);
  const explicit = parseMode ? undefined : (entities as MessageEntity[] | undefined);
  const all = explicit ?? (result.entities as unknown as MessageEntity[]);
  return { text: result.text, ...(all.length ? { entities: all } : {}) };
}

function send(state: EmulatorState, payload: Payload, content: Partial<ChatMessage>): unknown {
  const chatId = chatOf(state, payload);
  const message = state.chats.add({
    chatId,
    from: 'bot',
    buttons: keyboardOf(payload),
    ...(payload.reply_markup !== undefined ? { replyMarkup: payload.reply_markup } : {}),
    ...content,
  });
  state.emit('message', message);
  return messageOut(state, message);
}

function storedInput(state: EmulatorState, value: unknown, kind: 'photos' | 'documents', field: string): FileInfo {
  if (isUpload(value)) {
    const upload: UploadedFile = value;
    const mimeType = upload.mimeType;
    if (kind === 'photos') {
      const size = imageSize(upload.bytes);
      if (!size) throw new ApiError(400, 'Bad Request: IMAGE_PROCESS_FAILED');
      if (upload.bytes.length > 10 * 1024 * 1024) throw new ApiError(400, 'Bad Request: PHOTO_INVALID_DIMENSIONS');
      return fileInfo(state.chats.storeFile({ bytes: upload.bytes, mimeType, fileName: upload.fileName, ...size }, kind));
    }
    return fileInfo(state.chats.storeFile({ bytes: upload.bytes, mimeType, fileName: upload.fileName }, kind));
  }
  if (typeof value === 'string') {
    const known = state.chats.file(value);
    if (known) return fileInfo(known);
    if (/^https?:\/\//.test(value)) {
      const name = new URL(value).pathname.split('/').pop() || undefined;
      return fileInfo(state.chats.storeFile({ bytes: Buffer.alloc(0), mimeType: kind === 'photos' ? 'image/jpeg' : 'application/octet-stream', url: value, ...(name ? { fileName: name } : {}) }, kind));
    }
  }
  throw new ApiError(400, `Bad Request: wrong file identifier/HTTP URL specified`, undefined, `wrong ${field}`);
}

function editable(state: EmulatorState, payload: Payload, what: 'edit' | 'delete'): ChatMessage | 'inline' {
  if (payload.inline_message_id !== undefined) return 'inline';
  const chatId = knownChatId(state.chats, payload.chat_id);
  const messageId = Number(payload.message_id);
  if (payload.chat_id === undefined || payload.message_id === undefined) {
    throw new ApiError(400, 'Bad Request: message identifier is not specified', undefined, 'chat_id and message_id (or inline_message_id) missing');
  }
  if (chatId === undefined) throw new ApiError(400, 'Bad Request: chat not found');
  const found = state.chats.find(chatId, messageId);
  if (found) return found;
  if (state.adoptUnknown) return state.chats.adopt(chatId, messageId);
  throw new ApiError(400, `Bad Request: message to ${what} not found`);
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function applyEdit(state: EmulatorState, message: ChatMessage, change: Partial<ChatMessage>, payload: Payload): unknown {
  const buttons = keyboardOf(payload);
  const unchanged = Object.entries(change).every(([key, value]) => sameJson(message[key as keyof ChatMessage], value)) && sameJson(message.buttons, buttons);
  if (unchanged && !message.adopted) throw new ApiError(400, NOT_MODIFIED);
  Object.assign(message, change, { buttons, edits: message.edits + 1, editDate: Math.floor(Date.now() / 1000), adopted: false });
  if (payload.reply_markup !== undefined) message.replyMarkup = payload.reply_markup;
  else delete message.replyMarkup;
  if (!change.entities && 'text' in change) delete message.entities;
  state.emit('edit', message);
  return messageOut(state, message);
}

export const handlers: Record<string, Handler> = {
  getMe: (state) => state.botUser,
  logOut: () => true,
  close: () => true,

  async getUpdates(state, { payload, closed }) {
    if (state.webhook) throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const outcome = await state.updates.poll(payload, closed);
    if ('conflict' in outcome) throw new ApiError(409, outcome.conflict);
    return outcome.updates;
  },
  setWebhook(state, { payload }) {
    const url = typeof payload.url === 'string' ? payload.url : '';
    if (payload.drop_pending_updates === true) state.updates.clear();
    if (url === '') {
      state.webhook = undefined;
      return true;
    }
    if (!/^https:\/\//.test(url)) throw new ApiError(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
    state.webhook = {
      url,
      ...(typeof payload.secret_token === 'string' ? { secretToken: payload.secret_token } : {}),
      ...(Array.isArray(payload.allowed_updates) ? { allowedUpdates: payload.allowed_updates.map(String) } : {}),
      ...(payload.max_connections !== undefined ? { maxConnections: Number(payload.max_connections) } : {}),
    };
    state.updates.release();
    return true;
  },
  deleteWebhook(state, { payload }) {
    if (payload.drop_pending_updates === true) state.updates.clear();
    state.webhook = undefined;
    return true;
  },
  getWebhookInfo: (state) => ({
    url: state.webhook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: state.updates.pending().length,
    ...(state.webhook?.maxConnections ? { max_connections: state.webhook.maxConnections } : {}),
    ...(state.webhook?.allowedUpdates ? { allowed_updates: state.webhook.allowedUpdates } : {}),
  }),

  setMyCommands(state, { payload }) {
    state.commands.set(commandsKey(payload), payload.commands as unknown[]);
    return true;
  },
  getMyCommands: (state, { payload }) => state.commands.get(commandsKey(payload)) ?? [],
  deleteMyCommands(state, { payload }) {
    state.commands.delete(commandsKey(payload));
    return true;
  },

  sendMessage: (state, { payload }) => send(state, payload, formatted(payload.text, payload.parse_mode, payload.entities)),
  sendPhoto(state, { payload }) {
    chatOf(state, payload);
    const photo = storedInput(state, payload.photo, 'photos', 'photo');
    return send(state, payload, { photo, ...captionOf(payload) });
  },
  sendDocument(state, { payload }) {
    chatOf(state, payload);
    const document = storedInput(state, payload.document, 'documents', 'document');
    return send(state, payload, { document, ...captionOf(payload) });
  },
  getFile(state, { payload }) {
    const file = state.chats.file(String(payload.file_id));
    if (!file) throw new ApiError(400, 'Bad Request: invalid file_id');
    return { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: file.size, file_path: file.filePath };
  },

  editMessageText(state, { payload }) {
    const message = editable(state, payload, 'edit');
    if (message === 'inline') return true;
    if (message.from !== 'bot') throw new ApiError(400, "Bad Request: message can't be edited");
    if (!message.adopted && message.text === undefined) throw new ApiError(400, 'Bad Request: there is no text in the message to edit');
    const next = formatted(payload.text, payload.parse_mode, payload.entities);
    return applyEdit(state, message, { text: next.text, entities: next.entities }, payload);
  },
  editMessageCaption(state, { payload }) {
    const message = editable(state, payload, 'edit');
    if (message === 'inline') return true;
    if (message.from !== 'bot') throw new ApiError(400, "Bad Request: message can't be edited");
    if (!message.adopted && !message.photo && !message.document) throw new ApiError(400, 'Bad Request: there is no caption in the message to edit');
    const caption = captionOf(payload);
    return applyEdit(state, message, { caption: caption.caption, captionEntities: caption.captionEntities }, payload);
  },
  editMessageReplyMarkup(state, { payload }) {
    const message = editable(state, payload, 'edit');
    if (message === 'inline') return true;
    if (message.from !== 'bot') throw new ApiError(400, "Bad Request: message can't be edited");
    return applyEdit(state, message, {}, payload);
  },
  deleteMessage(state, { payload }) {
    const message = editable(state, payload, 'delete');
    if (message === 'inline') return true;
    state.chats.remove(message.chatId, message.messageId);
    state.emit('delete', { chatId: message.chatId, messageId: message.messageId });
    return true;
  },
  answerCallbackQuery(state, { payload }) {
    const id = String(payload.callback_query_id);
    const chatId = state.callbackQueries.get(id);
    if (chatId === undefined && !state.adoptUnknown) {
      throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
    }
    state.callbackQueries.delete(id);
    state.emit('callbackAnswer', {
      chatId,
      callbackQueryId: id,
      ...(typeof payload.text === 'string' && payload.text !== '' ? { text: payload.text } : {}),
      showAlert: payload.show_alert === true,
    });
    return true;
  },
  sendChatAction(state, { payload }) {
    const chatId = chatOf(state, payload);
    const action = String(payload.action);
    if (!CHAT_ACTIONS.has(action)) throw new ApiError(400, 'Bad Request: wrong parameter action in request', undefined, `sendChatAction: unknown action ${action}`);
    state.emit('chatAction', { chatId, action });
    return true;
  },
};

function captionOf(payload: Payload): { caption?: string; captionEntities?: MessageEntity[] } {
  if (payload.caption === undefined || payload.caption === '') return {};
  const { text, entities } = formatted(payload.caption, payload.parse_mode, payload.caption_entities);
  return { caption: text, ...(entities ? { captionEntities: entities } : {}) };
}

function commandsKey(payload: Payload): string {
  return JSON.stringify([payload.scope ?? { type: 'default' }, payload.language_code ?? '']);
}

/** Methods that send a message, and so count against the flood limits. */
export function isSendingMethod(method: string): boolean {
  return (method.startsWith('send') && method !== 'sendChatAction') || /^(copy|forward)Messages?$/.test(method);
}

/**
 * The command menu a user's app shows in its chat with the bot, looked up as Telegram does: the chat's own
 * scope, then all private chats, then the default, each for the user's language first.
 */
export function commandMenu(commands: Map<string, unknown[]>, chatId: number, languageCode?: string): { command: string; description: string }[] {
  const scopes = [{ type: 'chat', chat_id: chatId }, { type: 'all_private_chats' }, { type: 'default' }];
  for (const scope of scopes) {
    for (const language of [...new Set([languageCode ?? '', ''])]) {
      const found = [...commands.entries()].find(([key]) => {
        const [s, l] = JSON.parse(key) as [{ type: string; chat_id?: unknown }, string];
        return s.type === scope.type && (scope.chat_id === undefined || String(s.chat_id) === String(scope.chat_id)) && l === language;
      });
      if (found) return found[1] as { command: string; description: string }[];
    }
  }
  return [];
}
