import http from 'node:http';
import https from 'node:https';
import { TelegramError, type MiddlewareFn } from 'telegraf';
import type { BotContext } from '../context.js';

/**
 * The Bot API methods an update's handlers call most (a journal tap: answerCallbackQuery and
 * editMessageText), whose payloads are plain JSON. Anything else (a photo, a document: multipart) goes
 * through telegraf's own client.
 */
const JSON_METHODS = new Set(['answerCallbackQuery', 'editMessageText', 'editMessageReplyMarkup', 'sendMessage', 'deleteMessage']);


/** As telegraf serializes a payload: null and undefined fields are left out. */
const withoutNulls = (_key: string, value: unknown) => (value === null || value === undefined ? undefined : value);

interface Answer {
  status: number;
  statusText: string;
  body: string;
}

/**
 * `agent`: telegraf's (its keep-alive https agent; none for an http root, which node-fetch then sends
 * through node's global agent, whose idle sockets close before a server's usual keep-alive time runs out).
 */
function post(url: URL, body: string, agent: http.Agent | undefined): Promise<Answer> {
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(url, {
      method: 'POST',
      agent: agent ?? (secure ? https.globalAgent : http.globalAgent),
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * The update's JSON calls to the Bot API on node's http client directly, with the answers and errors
 * telegraf's client gives (the result; TelegramError for a refusal or a 5xx): telegraf's node-fetch path
 * costs about as much CPU again per call, and a journal tap makes two. The payload, the URL and the
 * errors are telegraf's (see its core/network/client.js); only the transport differs.
 */
export function leanApiCalls(): MiddlewareFn<BotContext> {
  const urls = new Map<string, URL>();
  // The update's client carries the bot's options as they are now (a test may point the bot elsewhere).
  const urlOf = ({ token, options }: BotContext['telegram'], method: string) => {
    const key = `${options.apiRoot} ${method}`;
    let url = urls.get(key);
    if (!url) urls.set(key, (url = new URL(`./${options.apiMode}${token}${options.testEnv ? '/test' : ''}/${method}`, options.apiRoot)));
    return url;
  };
  return (ctx, next) => {
    const telegram = ctx.telegram;
    const viaTelegraf = telegram.callApi.bind(telegram);
    telegram.callApi = (async (method: string, payload: Record<string, unknown>, options?: { signal?: unknown }) => {
      if (!JSON_METHODS.has(method) || options?.signal) return viaTelegraf(method as never, payload as never, options as never);
      const answer = await post(urlOf(telegram, method), JSON.stringify(payload, withoutNulls), telegram.options.agent);
      if (answer.status >= 500) throw new TelegramError({ error_code: answer.status, description: answer.statusText }, { method, payload });
      const data = JSON.parse(answer.body) as { ok: boolean; result?: unknown; error_code: number; description: string };
      if (!data.ok) throw new TelegramError(data, { method, payload });
      return data.result;
    }) as typeof telegram.callApi;
    return next();
  };
}
