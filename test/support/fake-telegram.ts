import type { Bot } from '../../bot/create-bot.js';
import { validateCall, type Emulator } from '../../telegram-emulator/index.js';
import { TEST_BOT_TOKEN, testTelegram } from './test-telegram.js';

export interface ApiCall {
  method: string;
  payload: Record<string, any>;
}

/** What Telegram itself would refuse in a call (the emulator's checks): unknown methods or fields, missing ones, its limits. */
export function botApiViolations(method: string, payload: Record<string, any>): string[] {
  return validateCall(method, payload).map((p) => p.violation);
}

/** Points an existing bot at an emulator (the emulator speaks http: telegraf's https agent must go). */
export function pointBotAt(bot: Bot, emulator: Emulator = testTelegram): void {
  Object.assign(bot.telegraf.telegram.options, { apiRoot: emulator.url, agent: undefined });
}

/**
 * Telegram for a test: this file's Bot API emulator (test/support/test-telegram.ts), reset, with the
 * calls recorded. `calls` holds every call Telegram would accept as well-formed (answered by the emulator as
 * Telegram would, refusals such as "message is not modified" or a blocked user included); a call it would
 * refuse as malformed (unknown method or field, missing field, text or callback data too long, too many
 * buttons…) is answered 400 and its problems go to `violations` instead. `emulator` gives the rest:
 * transcripts, block/unblock, injected faults.
 */
export function interceptTelegram(token = TEST_BOT_TOKEN) {
  const emulator = testTelegram;
  if (token !== emulator.token) throw new Error('interceptTelegram: the test emulator runs with TEST_BOT_TOKEN');
  emulator.reset();
  const calls: ApiCall[] = [];
  const violations: string[] = [];
  const offRequest = emulator.on('request', (call) => {
    if (!call.violations) calls.push({ method: call.method, payload: call.payload });
  });
  const offCall = emulator.on('call', (call) => {
    violations.push(...(call.violations ?? []));
  });
  return {
    emulator,
    calls,
    violations,
    called: (method: string) => calls.filter((c) => c.method === method),
    /**
     * Every call but getUpdates: what the bot did in answer to something. A poll belongs to no update, and a
     * poller of another file in this worker (they share the emulator) may still be finishing its last one.
     */
    answers: () => calls.filter((c) => c.method !== 'getUpdates'),
    texts: () => calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText').map((c) => String(c.payload.text)),
    reset: () => calls.splice(0),
    restore: () => {
      offRequest();
      offCall();
      emulator.reset();
    },
  };
}

/** An inline button as the bot sent it. */
export interface SentButton {
  text: string;
  callback_data?: string;
  url?: string;
}

/** The inline buttons of a sent or edited message, row after row. */
export const buttonsOf = (call: ApiCall | undefined): SentButton[] => (call?.payload.reply_markup?.inline_keyboard ?? []).flat();
export const labels = (call: ApiCall | undefined) => buttonsOf(call).map((b) => b.text);

/** The callback data of the button labelled `label` (exactly, or matching), or a failure naming the buttons there are. */
export function buttonData(call: ApiCall | undefined, label: string | RegExp): string {
  const found = buttonsOf(call).find((b) => (typeof label === 'string' ? b.text === label : label.test(b.text)));
  if (!found?.callback_data) throw new Error(`no button ${String(label)} in ${labels(call).join(' | ')}`);
  return found.callback_data;
}
