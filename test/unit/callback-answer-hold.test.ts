import { Context, Telegram } from 'telegraf';
import type { Update, UserFromGetMe } from 'telegraf/types';
import { describe, expect, it } from 'vitest';
import type { BotContext } from '../../bot/context.js';
import { callbackAnswer, replyOf, type AnswerHold, type WebhookUpdates } from '../../bot/middlewares/callback-answer.js';
import type { Core } from '../../core/core.js';

const BOT_INFO = { id: 1, is_bot: true, first_name: 'Klassny', username: 'klassny_test_bot' } as UserFromGetMe;
const core = { log: { info: () => {} } } as unknown as Core;

const tap = (id: unknown = 'cbq-own'): Update => ({
  update_id: 1,
  callback_query: {
    id: id as string,
    from: { id: 7, is_bot: false, first_name: 'Мария' },
    chat_instance: 'ci',
    data: 'x',
    message: { message_id: 50, date: 0, chat: { id: 7, type: 'private', first_name: 'Мария' }, text: '…' },
  },
});

/** Runs `handler` as a webhook update's (held) or a polled one's, and returns the Bot API calls and the reply. */
async function run(update: Update, handler: (ctx: BotContext) => Promise<void>, webhook = true) {
  const calls: [string, Record<string, unknown>][] = [];
  const telegram = new Telegram('1:token', { apiRoot: 'http://127.0.0.1:9' });
  telegram.callApi = (async (method: string, payload: Record<string, unknown>) => {
    calls.push([method, payload]);
    return method === 'answerCallbackQuery' ? true : { message_id: 51 };
  }) as typeof telegram.callApi;
  const ctx = new Context(update, telegram, BOT_INFO) as unknown as BotContext;
  const hold: AnswerHold = { open: true };
  const updates: WebhookUpdates = new WeakMap();
  if (webhook) updates.set(update, hold);
  await (callbackAnswer(core, updates) as (ctx: BotContext, next: () => Promise<void>) => Promise<void>)(ctx, () => handler(ctx));
  hold.open = false;
  return { calls, reply: replyOf(update, hold), ctx };
}

describe('the held answer of a webhook update (bot/middlewares/callback-answer.ts)', () => {
  it('answers only the update\'s own query, with answerCallbackQuery\'s own fields, and keeps the first answer', async () => {
    const { calls, reply } = await run(tap(), async (ctx) => {
      await ctx.answerCbQuery('Готово', { callback_query_id: 'someone-else', show_alert: true, url: 5, cache_time: 2, chat_id: 9, method: 'sendMessage' } as never);
      await ctx.answerCbQuery('второй');
    });
    expect(calls).toEqual([]);
    expect(reply).toEqual({ method: 'answerCallbackQuery', callback_query_id: 'cbq-own', text: 'Готово', show_alert: true, cache_time: 2 });
  });

  it('holds nothing for a query whose id is no string: it is answered through the API as before', async () => {
    const { calls, reply } = await run(tap(42), async (ctx) => {
      await ctx.answerCbQuery('Готово');
    });
    expect(reply).toBeUndefined();
    expect(calls.map(([m]) => m)).toEqual(['answerCallbackQuery']);
  });

  it('keeps the answer held across an edit of the button\'s own message, and sends it first before anything else', async () => {
    const { calls, reply } = await run(tap(), async (ctx) => {
      await ctx.answerCbQuery('Сохранено');
      await ctx.editMessageText('новый экран');
      expect(ctx.callbackAnswer).toBe('held');
      await ctx.telegram.editMessageText(7, 49, undefined, 'другое сообщение');
      await ctx.reply('и ещё');
    });
    expect(calls.map(([m, p]) => `${m} ${String(p.text)}`)).toEqual([
      'editMessageText новый экран',
      'answerCallbackQuery Сохранено',
      'editMessageText другое сообщение',
      'sendMessage и ещё',
    ]);
    expect(reply).toBeUndefined();
  });

  it('sends a held answer at once on flushAnswer, and forgets it on dropHeldAnswer', async () => {
    const flushed = await run(tap(), async (ctx) => {
      await ctx.answerCbQuery('Готовлю график…');
      await ctx.flushAnswer();
      expect(ctx.callbackAnswer).toBe('answered');
    });
    expect(flushed.calls.map(([m, p]) => [m, p.text])).toEqual([['answerCallbackQuery', 'Готовлю график…']]);
    expect(flushed.reply).toBeUndefined();

    const dropped = await run(tap(), async (ctx) => {
      await ctx.answerCbQuery('Сохранено');
      ctx.dropHeldAnswer();
      expect(ctx.callbackAnswer).toBe('pending');
      await ctx.answerCbQuery('Ошибка');
    });
    expect(dropped.reply).toEqual({ method: 'answerCallbackQuery', callback_query_id: 'cbq-own', text: 'Ошибка' });
  });

  it('holds nothing for an update that did not come through the webhook', async () => {
    const { calls, reply } = await run(tap(), async (ctx) => {
      await ctx.answerCbQuery('Готово');
      await ctx.flushAnswer();
    }, false);
    expect(reply).toBeUndefined();
    expect(calls.map(([m, p]) => [m, p.text, p.callback_query_id])).toEqual([['answerCallbackQuery', 'Готово', 'cbq-own']]);
  });
});
