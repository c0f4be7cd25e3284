import { Composer } from 'telegraf';
import { message } from 'telegraf/filters';
import type { Core } from '../../core/core.js';
import { DomainError } from '../../core/base/errors.js';
import type { BotContext } from '../context.js';
import { show, type Screen } from '../ui/screen.js';

/** What a flow waits for: a kind of its own and the ids it needs (only a wish: the core re-checks them). */
export interface Wait {
  kind: string;
}

/**
 * The typed text a user's next message is taken as, kept in PostgreSQL (bot_session 'input', 30 minutes):
 * one wait per user, the last asked for, tagged with the flow that asked. Only that flow gets the text, so
 * two flows can never take each other's.
 */
interface StoredWait {
  flow: string;
  wait: Wait;
}

/** A flow that asks for typed text (the journal's topic, a message to a teacher…) and takes it. */
export interface InputFlow<W extends Wait> {
  /** The flow's name in the stored wait. */
  name: string;
  /** The kinds of wait it asks for: anything else stored under its name is not read as its own. */
  kinds: readonly W['kind'][];
  /** Takes the text: the screen to show as the wait ends; undefined when the text is not this user's to give now (it passes on). */
  take(ctx: BotContext, wait: W, text: string): Promise<Screen | undefined>;
  /** The core refused the text: what to tell, and whether the wait goes on (the user corrects it and sends it again). */
  refused(ctx: BotContext, err: DomainError): { text: string; waitOn: boolean };
}

/** From now on the user's next text message goes to `flow` as `wait` (replacing any other wait). */
export async function awaitText<W extends Wait>(core: Core, userId: number, flow: string, wait: W): Promise<void> {
  await core.botSessions.set(userId, 'input', { flow, wait } satisfies StoredWait);
}

/** Ends the wait if it is `flow`'s: a cancel button of one flow leaves another flow's later wait alone. */
export async function stopAwaiting(core: Core, userId: number, flow: string): Promise<void> {
  const stored = await core.botSessions.get<Partial<StoredWait>>(userId, 'input');
  if (stored?.flow === flow) await core.botSessions.clear(userId, 'input');
}

/**
 * The one handler of typed text: it hands the text to the flow whose wait is stored, and passes on every
 * other text. A command cancels the wait and is handled as a command.
 */
export function typedInput(core: Core, flows: readonly InputFlow<Wait>[]) {
  const byName = new Map(flows.map((f) => [f.name, f]));
  const composer = new Composer<BotContext>();
  composer.on(message('text'), async (ctx, next) => {
    const stored = await core.botSessions.get<Partial<StoredWait>>(ctx.from.id, 'input');
    const flow = typeof stored?.flow === 'string' ? byName.get(stored.flow) : undefined;
    const wait = stored?.wait;
    if (!flow || !wait || !flow.kinds.includes(wait.kind)) return next();
    if (ctx.message.text.startsWith('/')) {
      await core.botSessions.clear(ctx.from.id, 'input');
      return next();
    }
    let screen: Screen | undefined;
    try {
      screen = await flow.take(ctx, wait, ctx.message.text);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const { text, waitOn } = flow.refused(ctx, err);
      if (!waitOn) await core.botSessions.clear(ctx.from.id, 'input');
      await ctx.reply(text);
      return;
    }
    if (!screen) return next();
    await core.botSessions.clear(ctx.from.id, 'input');
    await show(ctx, screen, 'new');
  });
  return composer;
}
