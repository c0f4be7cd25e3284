import type { TFunction } from '../i18n/i18n.js';
import type { Notification } from './notification.entity.js';
import { COALESCED, type Renderer, type Renderers } from './renderers.js';
import type { OutgoingMessage } from './sender.js';

/** Telegram's limit on a message's text. */
export const MAX_TEXT = 4096;

export interface Outgoing {
  message: OutgoingMessage;
  /** The rows the message carries (several when coalesced). */
  rows: Notification[];
}

/**
 * The messages for one chat's due rows, in the order of the events: the coalesced kinds as one message
 * (more only if it would pass Telegram's length limit), every other row as a message of its own. Rows
 * whose kind has no renderer, or whose renderer fails, come back in `unrenderable`.
 */
export function composeMessages(t: TFunction, rows: Notification[], renderers: Renderers): { messages: Outgoing[]; unrenderable: { reason: string; rows: Notification[] }[] } {
  const messages: Outgoing[] = [];
  const failed = new Map<string, Notification[]>();
  const fail = (row: Notification, why: 'no renderer' | 'renderer failed' = 'no renderer') => {
    const reason = `${why} for kind ${row.kind}`;
    failed.set(reason, [...(failed.get(reason) ?? []), row]);
  };
  const together = new Map<Renderer, Notification[]>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const renderer = renderers[row.kind];
    if (!renderer) fail(row);
    else if (COALESCED.has(row.kind)) together.set(renderer, [...(together.get(renderer) ?? []), row]);
    else messages.push(...render(renderer, t, [row], fail));
  }
  for (const [renderer, group] of together) messages.push(...render(renderer, t, group, fail));
  messages.sort((a, b) => firstId(a) - firstId(b));
  return { messages, unrenderable: [...failed].map(([reason, list]) => ({ reason, rows: list })) };
}

function render(renderer: Renderer, t: TFunction, rows: Notification[], fail: (row: Notification, why: 'renderer failed') => void): Outgoing[] {
  let message: OutgoingMessage;
  try {
    message = renderer(t, rows);
  } catch {
    for (const row of rows) fail(row, 'renderer failed');
    return [];
  }
  if (message.text.length <= MAX_TEXT) return [{ message, rows }];
  if (rows.length === 1) return [{ message: { ...message, text: `${message.text.slice(0, MAX_TEXT - 1)}…` }, rows }];
  const half = Math.ceil(rows.length / 2);
  return [...render(renderer, t, rows.slice(0, half), fail), ...render(renderer, t, rows.slice(half), fail)];
}

const firstId = (m: Outgoing) => Math.min(...m.rows.map((r) => r.id));
