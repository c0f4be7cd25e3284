import nock from 'nock';
import api from './bot-api-methods.json' with { type: 'json' };
import { TEST_BOT_TOKEN } from './test-core.js';

export const TELEGRAM_API = 'https://api.telegram.org';

export interface ApiCall {
  method: string;
  payload: Record<string, any>;
}

const methods = api.methods as Record<string, { required: string[]; optional: string[] }>;

/** What Telegram itself would refuse: unknown methods or fields, missing ones, and its size limits. */
export function botApiViolations(method: string, payload: Record<string, any>): string[] {
  const spec = methods[method];
  if (!spec) return [`unknown method ${method}`];
  const problems: string[] = [];
  for (const field of spec.required) if (payload[field] === undefined) problems.push(`${method}: missing ${field}`);
  for (const field of Object.keys(payload)) {
    if (!spec.required.includes(field) && !spec.optional.includes(field)) problems.push(`${method}: unknown field ${field}`);
  }
  if (typeof payload.text === 'string' && (payload.text.length < 1 || payload.text.length > 4096)) {
    problems.push(`${method}: text of ${payload.text.length} characters`);
  }
  const keyboard = payload.reply_markup?.inline_keyboard as { callback_data?: string }[][] | undefined;
  for (const button of keyboard?.flat() ?? []) {
    if (button.callback_data !== undefined && Buffer.byteLength(button.callback_data) > 64) {
      problems.push(`${method}: callback_data of ${Buffer.byteLength(button.callback_data)} bytes`);
    }
  }
  return problems;
}

/**
 * Intercepts the Bot API with nock: every call is recorded, checked against the official method list and
 * answered the way Telegram answers a valid call. An invalid call is answered with Telegram's 400.
 */
export function interceptTelegram(token = TEST_BOT_TOKEN, root = TELEGRAM_API) {
  const calls: ApiCall[] = [];
  const violations: string[] = [];
  let nextMessageId = 1000;
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)/);
  const prefix = `/bot${token}/`;
  nock(root)
    .persist()
    .post((uri) => uri.startsWith(prefix))
    .reply((uri, body, respond) => {
      const method = uri.slice(prefix.length);
      const payload = (typeof body === 'string' ? JSON.parse(body || '{}') : body) as Record<string, any>;
      const problems = botApiViolations(method, payload);
      if (problems.length) {
        violations.push(...problems);
        respond(null, [200, { ok: false, error_code: 400, description: `Bad Request: ${problems.join('; ')}` }]);
        return;
      }
      calls.push({ method, payload });
      const answer = () => respond(null, [200, { ok: true, result: resultFor(method, payload, () => nextMessageId++) }]);
      // A long poll with nothing to deliver: Telegram holds it; we hold it briefly so polling does not spin.
      if (method === 'getUpdates') setTimeout(answer, 100);
      else answer();
    });
  return {
    calls,
    violations,
    called: (method: string) => calls.filter((c) => c.method === method),
    texts: () => calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText').map((c) => String(c.payload.text)),
    reset: () => calls.splice(0),
    restore: () => {
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}

function resultFor(method: string, payload: Record<string, any>, messageId: () => number): unknown {
  const chat = { id: Number(payload.chat_id), type: 'private', first_name: 'Test' };
  switch (method) {
    case 'getMe':
      return { id: 123456789, is_bot: true, first_name: 'Klassny', username: 'klassny_test_bot' };
    case 'sendMessage':
      return { message_id: messageId(), date: Math.floor(Date.now() / 1000), chat, text: payload.text };
    case 'getUpdates':
      return [];
    case 'editMessageText':
      return { message_id: Number(payload.message_id), date: Math.floor(Date.now() / 1000), chat, text: payload.text };
    default:
      return true;
  }
}
