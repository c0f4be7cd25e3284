import type { Flow } from './flow.js';

/** What typed text the bot is waiting for from a user. */
export type Awaited =
  | { kind: 'topic'; lessonId: number }
  | { kind: 'homework'; lessonId: number; studentId: number | null }
  | { kind: 'comment'; lessonId: number; markId: number };

/** The user's next text message is taken as this input (until cancelled or 30 minutes pass). */
export async function awaitInput(flow: Flow, input: Awaited): Promise<void> {
  await flow.core.botSessions.set(flow.userId, 'input', input);
}

export async function awaitedInput(flow: Flow): Promise<Awaited | undefined> {
  return flow.core.botSessions.get<Awaited>(flow.userId, 'input');
}

export async function stopAwaiting(flow: Flow): Promise<void> {
  await flow.core.botSessions.clear(flow.userId, 'input');
}
