import type { Update } from 'telegraf/types';

let nextUpdateId = 1;
const now = () => Math.floor(Date.now() / 1000);

export function person(id: number, languageCode = 'ru') {
  return { id, is_bot: false, first_name: 'Мария', last_name: 'Петрова', language_code: languageCode };
}

/** A private text message; a leading /command gets the entity Telegram attaches to it. */
export function textUpdate(fromId: number, text: string, updateId = nextUpdateId++): Update {
  const command = /^\/\w+/.exec(text)?.[0];
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: now(),
      chat: { id: fromId, type: 'private', first_name: 'Мария' },
      from: person(fromId),
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}),
    },
  };
}

export function callbackUpdate(fromId: number, data: string, messageId = 1000, updateId = nextUpdateId++): Update {
  return {
    update_id: updateId,
    callback_query: {
      id: `cbq-${updateId}`,
      from: person(fromId),
      chat_instance: 'ci',
      data,
      message: { message_id: messageId, date: now(), chat: { id: fromId, type: 'private', first_name: 'Мария' }, text: '…' },
    },
  };
}
