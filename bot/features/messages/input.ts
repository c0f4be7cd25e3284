import type { Core } from '../../../core/core.js';
import type { MessagesFlow } from './flow.js';

/**
 * The typed text the messages flows wait for. It shares the session key 'input' with the journal's waits,
 * under kinds of its own (`g.…`): the last thing asked for wins, and each flow takes only its own kinds.
 */
export type MessagesInput =
  | { kind: 'g.write'; studentId: number; staffId: number }
  | { kind: 'g.reply'; threadId: number }
  | { kind: 'g.broadcast'; groupId: number };

const KINDS: ReadonlySet<string> = new Set<MessagesInput['kind']>(['g.write', 'g.reply', 'g.broadcast']);

export async function awaitInput(flow: MessagesFlow, input: MessagesInput): Promise<void> {
  await flow.core.botSessions.set(flow.userId, 'input', input);
}

/** The wait of the messages flows, if the user's current wait is one of theirs. */
export async function awaitedInput(core: Core, userId: number): Promise<MessagesInput | undefined> {
  const input = await core.botSessions.get<Record<string, unknown>>(userId, 'input');
  return typeof input?.kind === 'string' && KINDS.has(input.kind) ? (input as MessagesInput) : undefined;
}

export async function stopAwaiting(core: Core, userId: number): Promise<void> {
  await core.botSessions.clear(userId, 'input');
}
