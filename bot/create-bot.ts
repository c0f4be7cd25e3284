import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Core } from '../core/core.js';
import type { BotContext } from './context.js';
import { help } from './features/help.js';
import { diary } from './features/diary/index.js';
import { journal, journalInput } from './features/journal/index.js';
import { language } from './features/language.js';
import { leak } from './features/leak.js';
import { messages, messagesInput } from './features/messages/index.js';
import { menu } from './features/menu.js';
import { notifications } from './features/notifications.js';
import { panelLink, type PanelLinkOptions } from './features/panel-link.js';
import { questions } from './features/questions.js';
import { staleCallback } from './features/stale-callback.js';
import { start } from './features/start.js';
import { statement } from './features/statement.js';
import { switchIdentity } from './features/switch-identity.js';
import { refuseControlCharacters } from './input/control-characters.js';
import { typedInput } from './input/typed-input.js';
import { identity } from './middlewares/identity.js';
import { locale } from './middlewares/locale.js';
import { privateOnly } from './middlewares/private-only.js';
import { unitOfWork } from './middlewares/unit-of-work.js';
import { callbackAnswer, replyOf, type AnswerHold, type CallbackAnswerReply, type WebhookUpdates } from './middlewares/callback-answer.js';
import { leanApiCalls } from './middlewares/lean-api-calls.js';
import { tellFailure, updateTypeOf } from './failure.js';
import { waitForDatabaseWhilePolling } from './database-wait.js';
import { DatabaseUnavailable } from '../core/base/errors.js';

/** The update types the bot acts on; Telegram is asked for nothing else. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

export interface Bot {
  telegraf: Telegraf<BotContext>;
  botId: number;
  /** An update from polling or a test: every Bot API call, the button's answer too, goes to the Bot API. */
  handleUpdate(update: Update): Promise<void>;
  /**
   * An update POSTed to the webhook: handled as handleUpdate does, but the answer to its own callback query
   * is held and returned, for the route to give as its HTTP reply, once the update has ended (committed, or
   * failed and told so); none when nothing was held. Rejects as handleUpdate does (DatabaseUnavailable: the
   * route answers 503 and the held answer is dropped, Telegram delivers the update again).
   */
  handleWebhookUpdate(update: Update): Promise<CallbackAnswerReply | undefined>;
  /** Resolves when every update taken so far has been handled. */
  drain(): Promise<void>;
  /** Ends the waits of polled updates for a database that is away (on stop: Telegram keeps them). */
  abandonWaits(): void;
}

export interface BotOptions extends PanelLinkOptions {
  /** Where Telegram opens the journal grid's Mini App (see app.ts): none, no «Открыть сетку» buttons. */
  miniAppOrigin?: () => string | undefined;
}

export function createBot(core: Core, options: BotOptions = {}): Bot {
  const { token, apiRoot, handlerTimeoutMs } = core.config.telegram;
  if (!token) throw new Error('createBot needs TELEGRAM_BOT_TOKEN');
  const telegraf = new Telegraf<BotContext>(token, {
    handlerTimeout: handlerTimeoutMs,
    // Off: with it on, the first API call rides on the webhook's HTTP answer, which ends before the update's
    // transaction commits (a crash then loses an update Telegram counts as delivered), and its result and
    // errors are lost. The button's answer rides on the reply by our own means instead (handleWebhookUpdate).
    telegram: { webhookReply: false, ...(apiRoot ? { apiRoot } : {}) },
  });
  const botId = Number(token.split(':')[0]);
  const inFlight = new Set<Promise<unknown>>();
  const webhookUpdates: WebhookUpdates = new WeakMap();

  // The update's JSON calls to the Bot API on a leaner client (same answers and errors as telegraf's).
  telegraf.use(leanApiCalls());
  // First: whatever fails later, the error handler knows whether the button was answered.
  telegraf.use(callbackAnswer(core, webhookUpdates));
  telegraf.use(unitOfWork(core, botId, inFlight));
  telegraf.use(locale(core));
  // Personal screens in private chats only: a group gets a notice and nothing of anyone's.
  telegraf.use(privateOnly());
  telegraf.use(identity(core));
  telegraf.use((ctx, next) => {
    ctx.miniAppOrigin = options.miniAppOrigin?.();
    return next();
  });
  // Typed text with control characters (a NUL…) is refused in one place, before any flow or command.
  telegraf.use(refuseControlCharacters());
  // Typed text the flows asked for goes to the flow that asked, before any feature sees the message.
  telegraf.use(typedInput(core, [journalInput(core), messagesInput(core)]));
  telegraf.use(messages(core), journal(core), start(core), menu(core), switchIdentity(core), help, language(core), leak(core), statement(core), diary(core), notifications(core), panelLink(core, options), questions(core), staleCallback);

  telegraf.catch(async (err, ctx) => {
    // Not handled, nothing kept, nothing to tell: it runs again (a webhook answers 503, a poll waits).
    if (err instanceof DatabaseUnavailable) {
      core.log.warn({ updateId: ctx.update.update_id, reason: err.reason }, 'update not handled: database unavailable');
      throw err;
    }
    core.log.error({ err, updateId: ctx.update.update_id, updateType: updateTypeOf(ctx.update) }, 'update failed');
    await tellFailure(core, ctx);
  });

  // Given through handleUpdate (the webhook), a failed update is refused and its sender delivers it again;
  // taken by polling, it waits for the database (telegraf's own handleUpdate, wrapped here).
  const handleOnce = telegraf.handleUpdate.bind(telegraf);
  const waits = waitForDatabaseWhilePolling(telegraf, core);

  return {
    telegraf,
    botId,
    handleUpdate: (update) => handleOnce(update),
    async handleWebhookUpdate(update) {
      const hold: AnswerHold = { open: true };
      webhookUpdates.set(update, hold);
      try {
        await handleOnce(update);
      } finally {
        // Closed either way: work of the update still running past its time-out holds and flushes nothing.
        hold.open = false;
        webhookUpdates.delete(update);
      }
      return replyOf(update, hold);
    },
    abandonWaits: () => waits.abandon(),
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
