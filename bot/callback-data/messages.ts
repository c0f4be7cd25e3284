// The buttons of messages, announcements and digests: `g1:<op>:<n>…`, numbers only. Every id in them is only
// a wish: the core re-checks the rights on each tap. The notifications core renders carry what their buttons
// do as actions (core/notifications/sender.ts); `actionData` is where they become these buttons.
import type { ButtonAction } from '../../core/notifications/sender.js';
import { defineCallbackOps, int, type ButtonOf } from './define.js';

const n = int();

export const messagesData = defineCallbackOps('g1', {
  w: {}, // a guardian: whom to write to about the active child
  wt: { studentId: n, staffId: n }, // a guardian: write to that teacher about that child (typed text follows)
  t: { page: n }, // the person's own threads
  o: { threadId: n }, // open a thread
  r: { threadId: n }, // answer in a thread (typed text follows)
  b: {}, // a class teacher: which class's parents to write to
  bg: { groupId: n }, // write to the parents of that class (typed text follows)
  a: { digestId: n }, // «Ознакомлен» under a weekly digest
  k: {}, // a class teacher: who acknowledged, which class
  kg: { groupId: n, page: n }, // who acknowledged the latest digest in that class
  x: {}, // stop waiting for typed text
});

export type MessagesButton = ButtonOf<typeof messagesData>;
export type MessagesOp = MessagesButton['op'];
export const { encode: encodeMessages, decode: decodeMessages, pattern: messagesPattern } = messagesData;

/** The callback data of a button under a notification. */
export function actionData(action: ButtonAction): string {
  switch (action.kind) {
    case 'replyThread': return encodeMessages('r', { threadId: action.threadId });
    case 'openThread': return encodeMessages('o', { threadId: action.threadId });
    case 'acknowledgeDigest': return encodeMessages('a', { digestId: action.digestId });
  }
}
