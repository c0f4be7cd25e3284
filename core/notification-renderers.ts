import { renderDiary } from './journal/journal-renderer.js';
import { renderAnnouncements } from './messages/renderers/announcement-renderer.js';
import { renderDigests } from './messages/renderers/digest-renderer.js';
import { renderMessages } from './messages/renderers/message-renderer.js';
import type { Renderers } from './notifications/renderers.js';

/**
 * Every kind the dispatcher can send. A row whose kind has no renderer here is marked failed with the
 * reason, never dropped silently. The notifications module knows no domain; the domains bring their own.
 */
export const renderers: Renderers = {
  // The journal (core/journal/journal-renderer.ts): one message for everything a chat got together.
  mark: renderDiary,
  markChanged: renderDiary,
  markRemoved: renderDiary,
  absence: renderDiary,
  homework: renderDiary,
  schedule: renderDiary,
  cancelled: renderDiary,

  // Not coalesced, one message per row, may carry buttons: each registered by one line below.
  announcement: renderAnnouncements,
  message: renderMessages,
  digest: renderDigests,
};
