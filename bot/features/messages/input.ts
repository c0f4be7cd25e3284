import { awaitText, stopAwaiting as stopWaiting } from '../../input/typed-input.js';
import type { MessagesFlow } from './flow.js';

/** The messages' name among the flows that wait for typed text. */
export const MESSAGES_INPUT = 'messages';

/** The typed text the messages flows wait for. */
export type MessagesWait =
  | { kind: 'write'; studentId: number; staffId: number }
  | { kind: 'reply'; threadId: number }
  | { kind: 'broadcast'; groupId: number };

export const MESSAGES_WAITS: readonly MessagesWait['kind'][] = ['write', 'reply', 'broadcast'];

export const awaitInput = (flow: MessagesFlow, wait: MessagesWait) => awaitText(flow.core, flow.userId, MESSAGES_INPUT, wait);

export const stopAwaiting = (flow: MessagesFlow) => stopWaiting(flow.core, flow.userId, MESSAGES_INPUT);
