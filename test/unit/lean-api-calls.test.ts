import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Telegram, TelegramError } from 'telegraf';
import type { BotContext } from '../../bot/context.js';
import { leanApiCalls } from '../../bot/middlewares/lean-api-calls.js';

describe('the lean Bot API client of an update', () => {
  const requests: { url: string; body: string; agent?: string | undefined }[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: { ok: true, result: true } };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', body, agent: req.headers['user-agent'] });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  let telegram: Telegram;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    telegram = new Telegram('123:TOKEN', { apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, webhookReply: false });
    const ctx = { telegram } as BotContext;
    await leanApiCalls()(ctx, async () => undefined);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts telegraf\'s URL and payload (no null fields) and gives the result', async () => {
    answer = { status: 200, body: { ok: true, result: { message_id: 7 } } };
    const result = await telegram.editMessageText(42, 7, undefined, 'Текст', { reply_markup: undefined });
    expect(result).toEqual({ message_id: 7 });
    // Not through telegraf's node-fetch (which names itself in user-agent).
    expect(requests.at(-1)).toEqual({ url: '/bot123:TOKEN/editMessageText', body: JSON.stringify({ chat_id: 42, message_id: 7, text: 'Текст' }), agent: undefined });
  });

  it('throws what telegraf throws: a TelegramError with Telegram\'s code and description, or the status of a 5xx', async () => {
    answer = { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: query is too old and response timeout expired' } };
    const refused = await telegram.answerCbQuery('q1').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(TelegramError);
    expect(refused).toMatchObject({ code: 400, description: 'Bad Request: query is too old and response timeout expired', on: { method: 'answerCallbackQuery' } });
    answer = { status: 502, body: {} };
    const away = await telegram.sendMessage(42, 'Привет').catch((err: unknown) => err);
    expect(away).toBeInstanceOf(TelegramError);
    expect(away).toMatchObject({ code: 502, description: 'Bad Gateway' });
  });
});
