import type { Composer, NarrowedContext } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { CallbackCodec } from '../callback-data/define.js';
import type { BotContext } from '../context.js';
import { answerStale } from './answer.js';

/** The context of a tapped button. */
export type ButtonContext = NarrowedContext<BotContext, Update.CallbackQueryUpdate>;

/**
 * Handles the buttons of one codec: the data is decoded here, and a button of this prefix that does not
 * decode (an older release's, a forged one) is answered as stale and goes no further.
 */
export function onButton<B>(composer: Composer<BotContext>, codec: CallbackCodec<B>, handle: (ctx: ButtonContext, button: B) => Promise<void>): void {
  composer.action(codec.pattern, async (ctx) => {
    const button = 'data' in ctx.callbackQuery ? codec.decode(ctx.callbackQuery.data) : undefined;
    if (button === undefined) {
      await answerStale(ctx);
      return;
    }
    await handle(ctx, button);
  });
}
