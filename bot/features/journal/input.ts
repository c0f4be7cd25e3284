import { awaitText, stopAwaiting as stopWaiting } from '../../input/typed-input.js';
import type { Flow } from './flow.js';

/** The journal's name among the flows that wait for typed text. */
export const JOURNAL_INPUT = 'journal';

/** What typed text the journal waits for from a teacher. */
export type JournalWait =
  | { kind: 'topic'; lessonId: number }
  | { kind: 'homework'; lessonId: number; studentId: number | null }
  | { kind: 'comment'; lessonId: number; markId: number };

export const JOURNAL_WAITS: readonly JournalWait['kind'][] = ['topic', 'homework', 'comment'];

/** The teacher's next text message is taken as this input (until cancelled or 30 minutes pass). */
export const awaitInput = (flow: Flow, wait: JournalWait) => awaitText(flow.core, flow.userId, JOURNAL_INPUT, wait);

export const stopAwaiting = (flow: Flow) => stopWaiting(flow.core, flow.userId, JOURNAL_INPUT);
