import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fake Telegram Bot API that keeps counts only, so that a long run does not grow on this side. */
export interface CountingBotApi {
  url: string;
  /** Calls per Bot API method. */
  calls: Map<string, number>;
  /** answerCallbackQuery calls with a text: a tap refused or failed (a tap that worked is answered without one). */
  answeredWithText: Map<string, number>;
  /** sendMessage calls per chat id. */
  messagesTo: Map<number, number>;
  /** Counts a call Telegram runs without a request to it: one given as a webhook's HTTP reply. */
  record: (method: string, payload: Record<string, any>) => void;
  close(): Promise<void>;
}

/**
 * Answers every /bot<token>/<method> POST as Telegram does on success (anything else gets Telegram's 404);
 * `bot` is the bot's own user, as getMe answers it.
 */
export async function startCountingBotApi(token: string, bot: { id: number; username: string; first_name: string }): Promise<CountingBotApi> {
  const calls = new Map<string, number>();
  const answeredWithText = new Map<string, number>();
  const messagesTo = new Map<number, number>();
  const prefix = `/bot${token}/`;
  const botUser = { ...bot, is_bot: true };
  let messageId = 10_000;
  const now = () => Math.floor(Date.now() / 1000);
  const record = (method: string, payload: Record<string, any>) => {
    calls.set(method, (calls.get(method) ?? 0) + 1);
    if (method === 'answerCallbackQuery' && typeof payload.text === 'string' && payload.text) {
      answeredWithText.set(payload.text, (answeredWithText.get(payload.text) ?? 0) + 1);
    }
  };
  const resultFor = (method: string, p: Record<string, any>): unknown => {
    const chat = { id: Number(p.chat_id ?? 0), type: 'private' as const, first_name: 'Чат' };
    switch (method) {
      case 'getMe':
        return { ...botUser, can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false };
      case 'sendMessage':
        messagesTo.set(chat.id, (messagesTo.get(chat.id) ?? 0) + 1);
        return { message_id: messageId++, from: botUser, chat, date: now(), text: p.text, ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}) };
      case 'editMessageText':
        return { message_id: Number(p.message_id), from: botUser, chat, date: now(), edit_date: now(), text: p.text, ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}) };
      default:
        return true;
    }
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      const url = req.url ?? '';
      if (req.method !== 'POST' || !url.startsWith(prefix)) {
        send(404, { ok: false, error_code: 404, description: 'Not Found' });
        return;
      }
      const method = url.slice(prefix.length);
      let payload: Record<string, any> = {};
      try {
        const raw = Buffer.concat(chunks).toString('utf8');
        payload = raw ? (JSON.parse(raw) as Record<string, any>) : {};
      } catch {
        send(400, { ok: false, error_code: 400, description: 'Bad Request: can\'t parse JSON' });
        return;
      }
      record(method, payload);
      send(200, { ok: true, result: resultFor(method, payload) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    answeredWithText,
    messagesTo,
    record,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
