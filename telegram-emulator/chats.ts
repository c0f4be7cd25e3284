import { createHash, randomBytes } from 'node:crypto';
import type { InlineKeyboardButton, Message, MessageEntity, User } from 'telegraf/types';

/** A user as the emulator knows it: the person on the other side of a private chat. */
export interface ChatUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export type UserLike = number | (Partial<ChatUser> & { id: number });

/** A group chat the bot is a member of (its id is negative, as Telegram's are). */
export interface GroupChat {
  id: number;
  title: string;
  type?: 'group' | 'supergroup';
}

/** A file as a message shows it. */
export interface FileInfo {
  fileId: string;
  fileName?: string;
  mimeType: string;
  size: number;
  width?: number;
  height?: number;
  /** Sent as an HTTP URL that the emulator did not fetch. */
  url?: string;
}

/** A stored file with its bytes (empty for a file sent by URL). */
export interface StoredFile extends FileInfo {
  fileUniqueId: string;
  filePath: string;
  bytes: Buffer;
}

/** One message of a chat's transcript, as the user sees it (edits applied in place). */
export interface ChatMessage {
  chatId: number;
  messageId: number;
  from: 'bot' | 'user';
  /** Unix time in seconds. */
  date: number;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  captionEntities?: MessageEntity[];
  photo?: FileInfo;
  document?: FileInfo;
  /** The inline keyboard; [] when the message has none. */
  buttons: InlineKeyboardButton[][];
  /** reply_markup exactly as sent (reply keyboards too). */
  replyMarkup?: unknown;
  editDate?: number;
  /** How many times the message was edited. */
  edits: number;
  /** Adopted: edited or deleted by the bot before the emulator ever saw it (tests with hand-built updates). */
  adopted?: boolean;
}

interface Chat {
  nextMessageId: number;
  messages: Map<number, ChatMessage>;
}

export const unixNow = () => Math.floor(Date.now() / 1000);

export function toChatUser(user: UserLike): ChatUser {
  const base = typeof user === 'number' ? { id: user } : user;
  return { first_name: 'Пользователь', language_code: 'ru', ...base };
}

/** The chats of the bot, their transcripts, and the files sent in them. */
export class ChatStore {
  private readonly chats = new Map<number, Chat>();
  private readonly users = new Map<number, ChatUser>();
  private readonly groups = new Map<number, GroupChat>();
  private readonly files = new Map<string, StoredFile>();

  clear(): void {
    this.chats.clear();
    this.users.clear();
    this.groups.clear();
    this.files.clear();
  }

  rememberUser(user: ChatUser): void {
    this.users.set(user.id, { ...this.users.get(user.id), ...user });
  }

  rememberGroup(group: GroupChat): void {
    if (!Number.isSafeInteger(group.id) || group.id >= 0) throw new Error('a group chat has a negative id');
    this.groups.set(group.id, { type: 'group', ...group });
  }

  group(chatId: number): GroupChat | undefined {
    return this.groups.get(chatId);
  }

  knows(userId: number): boolean {
    return this.users.has(userId);
  }

  user(chatId: number): ChatUser {
    return this.users.get(chatId) ?? { id: chatId, first_name: 'Пользователь' };
  }

  private chat(chatId: number): Chat {
    let chat = this.chats.get(chatId);
    if (!chat) this.chats.set(chatId, (chat = { nextMessageId: 1, messages: new Map() }));
    return chat;
  }

  add(message: Omit<ChatMessage, 'messageId' | 'date' | 'edits'>): ChatMessage {
    const chat = this.chat(message.chatId);
    const stored: ChatMessage = { ...message, messageId: chat.nextMessageId++, date: unixNow(), edits: 0 };
    chat.messages.set(stored.messageId, stored);
    return stored;
  }

  /** A message the bot refers to without the emulator having seen it (only when adopting is on). */
  adopt(chatId: number, messageId: number): ChatMessage {
    const chat = this.chat(chatId);
    const adopted: ChatMessage = { chatId, messageId, from: 'bot', date: unixNow(), buttons: [], edits: 0, adopted: true };
    chat.messages.set(messageId, adopted);
    chat.nextMessageId = Math.max(chat.nextMessageId, messageId + 1);
    return adopted;
  }

  find(chatId: number, messageId: number): ChatMessage | undefined {
    return this.chats.get(chatId)?.messages.get(messageId);
  }

  remove(chatId: number, messageId: number): boolean {
    return this.chats.get(chatId)?.messages.delete(messageId) ?? false;
  }

  list(chatId: number): ChatMessage[] {
    return [...(this.chats.get(chatId)?.messages.values() ?? [])].sort((a, b) => a.messageId - b.messageId);
  }

  chatIds(): number[] {
    return [...this.chats.keys()];
  }

  storeFile(input: { bytes: Buffer; fileName?: string; mimeType: string; width?: number; height?: number; url?: string }, kind: 'photos' | 'documents'): StoredFile {
    const unique = createHash('sha256').update(input.bytes).update(input.url ?? '').digest('base64url').slice(0, 16);
    const fileId = `${kind === 'photos' ? 'AgAC' : 'BQAC'}${randomBytes(24).toString('base64url')}`;
    const extension = /\.([A-Za-z0-9]{1,8})$/.exec(input.fileName ?? '')?.[1] ?? (input.mimeType.split('/')[1] ?? 'bin').replace(/[^a-z0-9]/g, '');
    const file: StoredFile = {
      fileId,
      fileUniqueId: unique,
      filePath: `${kind}/file_${this.files.size}.${extension}`,
      bytes: input.bytes,
      mimeType: input.mimeType,
      size: input.bytes.length,
      ...(input.fileName ? { fileName: input.fileName } : {}),
      ...(input.width !== undefined ? { width: input.width, height: input.height } : {}),
      ...(input.url ? { url: input.url } : {}),
    };
    this.files.set(fileId, file);
    return file;
  }

  file(fileId: string): StoredFile | undefined {
    return this.files.get(fileId);
  }

  fileByPath(filePath: string): StoredFile | undefined {
    return [...this.files.values()].find((f) => f.filePath === filePath);
  }
}

export function fileInfo(file: StoredFile): FileInfo {
  const { bytes: _bytes, fileUniqueId: _u, filePath: _p, ...info } = file;
  return info;
}

/** The Bot API's Message object for a transcript message (`user`: the user who wrote it, or whose chat it is). */
export function toTelegramMessage(message: ChatMessage, bot: User, user: ChatUser, files: ChatStore): Message {
  const group = files.group(message.chatId);
  const chat = group
    ? { id: group.id, type: group.type ?? 'group', title: group.title }
    : { id: message.chatId, type: 'private' as const, first_name: user.first_name, ...(user.last_name ? { last_name: user.last_name } : {}), ...(user.username ? { username: user.username } : {}) };
  const out: Record<string, unknown> = {
    message_id: message.messageId,
    from: message.from === 'bot' ? bot : { is_bot: false, ...user },
    chat,
    date: message.date,
  };
  if (message.editDate) out.edit_date = message.editDate;
  if (message.text !== undefined) out.text = message.text;
  if (message.entities?.length) out.entities = message.entities;
  if (message.caption !== undefined) out.caption = message.caption;
  if (message.captionEntities?.length) out.caption_entities = message.captionEntities;
  const photo = message.photo && files.file(message.photo.fileId);
  if (photo) {
    out.photo = [{ file_id: photo.fileId, file_unique_id: photo.fileUniqueId, width: photo.width ?? 0, height: photo.height ?? 0, file_size: photo.size }];
  }
  const document = message.document && files.file(message.document.fileId);
  if (document) {
    out.document = {
      file_id: document.fileId,
      file_unique_id: document.fileUniqueId,
      ...(document.fileName ? { file_name: document.fileName } : {}),
      mime_type: document.mimeType,
      file_size: document.size,
    };
  }
  if (message.buttons.length) out.reply_markup = { inline_keyboard: message.buttons };
  return out as unknown as Message;
}
