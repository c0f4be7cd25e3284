import { randomBytes } from 'node:crypto';
import type { Update, User } from 'telegraf/types';
import { toChatUser, toTelegramMessage, type ChatMessage, type ChatStore, type ChatUser, type GroupChat, type UserLike } from './chats.js';
import type { UpdateQueue } from './updates.js';

export interface DeliverOptions {
  /** false: do not queue the update for getUpdates (a test passes it to bot.handleUpdate itself). */
  queue?: boolean;
  /** In this group chat (the bot becomes a member of it) instead of the user's private chat with the bot. */
  group?: GroupChat;
}

const COMMAND = /(?<=^|\s)\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?(?=$|\s)/g;

/** The users' side of the chats: what they type and the buttons they tap become Telegram updates. */
export abstract class UserSide {
  abstract readonly botUser: User;
  abstract readonly chats: ChatStore;
  abstract readonly updates: UpdateQueue;
  abstract readonly callbackQueries: Map<string, number>;
  abstract emit(event: 'message', message: ChatMessage): void;
  abstract isBlocked(chatId: number): boolean;
  abstract unblock(chatId: number): void;

  /**
   * The user writes `text` in its private chat with the bot (or in `options.group`). The message joins the
   * transcript and becomes a `message` update (with `bot_command` entities for /commands, as Telegram marks
   * them). Writing to a bot the user blocked unblocks it first, as Telegram's «Restart» does.
   */
  sendText(from: UserLike, text: string, options: DeliverOptions = {}): Update {
    if (text.length < 1 || text.length > 4096) throw new Error('a Telegram message has 1–4096 characters');
    const user = this.userFor(from);
    this.chats.rememberUser(user);
    if (options.group) this.chats.rememberGroup(options.group);
    else if (this.isBlocked(user.id)) this.unblock(user.id);
    const entities = [...text.matchAll(COMMAND)].map((m) => ({ type: 'bot_command' as const, offset: m.index, length: m[0].length }));
    const chatId = options.group?.id ?? user.id;
    const message = this.chats.add({ chatId, from: 'user', text, buttons: [], ...(entities.length ? { entities } : {}) });
    this.emit('message', message);
    const build = (update_id: number) => ({ update_id, message: toTelegramMessage(message, this.botUser, user, this.chats) }) as Update;
    return this.deliver(build, options);
  }

  /**
   * The user taps the inline button with `data` under the bot's message `messageId` in its chat (or in
   * `options.group`): a
   * `callback_query` update carrying that message. Throws when there is no such message or button (a real
   * client can only tap what it shows), unless `forged` (a tampered client: the bot must cope).
   */
  pressButton(from: UserLike, messageId: number, data: string, options: DeliverOptions & { forged?: boolean } = {}): Update {
    const user = this.userFor(from);
    this.chats.rememberUser(user);
    const chatId = options.group?.id ?? user.id;
    const message = this.chats.find(chatId, messageId);
    if (!message || message.from !== 'bot') throw new Error(`no bot message ${messageId} in chat ${chatId}`);
    if (!options.forged && !message.buttons.flat().some((b) => 'callback_data' in b && b.callback_data === data)) {
      throw new Error(`message ${messageId} has no button with callback_data ${JSON.stringify(data)}`);
    }
    const id = BigInt(`0x${randomBytes(8).toString('hex')}`).toString();
    this.callbackQueries.set(id, chatId);
    const build = (update_id: number) => ({
      update_id,
      callback_query: {
        id,
        from: { is_bot: false, ...user },
        message: toTelegramMessage(message, this.botUser, user, this.chats),
        chat_instance: String(-Math.abs(user.id * 7919 + this.botUser.id)),
        data,
      },
    }) as Update;
    return this.deliver(build, options);
  }

  /** The user blocked (kicked) or unblocked (member) the bot: Telegram tells the bot with my_chat_member. */
  protected queueMemberChange(chatId: number, from: 'member' | 'kicked', to: 'member' | 'kicked'): void {
    const user = this.chats.user(chatId);
    this.updates.push((update_id) => ({
      update_id,
      my_chat_member: {
        chat: { id: chatId, type: 'private', first_name: user.first_name },
        from: { is_bot: false, ...user },
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { user: this.botUser, status: from },
        new_chat_member: to === 'kicked' ? { user: this.botUser, status: 'kicked', until_date: 0 } : { user: this.botUser, status: 'member' },
      },
    }) as Update);
  }
  /** A user given by id alone is the one the emulator already knows by that id. */
  private userFor(from: UserLike): ChatUser {
    return typeof from === 'number' && this.chats.knows(from) ? this.chats.user(from) : toChatUser(from);
  }

  private deliver(build: (updateId: number) => Update, options: DeliverOptions): Update {
    const update = build(this.updates.allocateId());
    if (options.queue !== false) this.updates.enqueue(update);
    return update;
  }
}
