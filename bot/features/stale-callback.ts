import { Composer } from 'telegraf';
import type { BotContext } from '../context.js';
import { answerStale } from '../ui/answer.js';

/** Last in the chain: a button nobody recognised still gets an answer, so the user's spinner stops. */
export const staleCallback = new Composer<BotContext>();

staleCallback.on('callback_query', async (ctx) => {
  await answerStale(ctx);
});
