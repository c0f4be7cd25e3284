// The outside world of bench/journal-webhook.ts, in a process of its own so that the CPU the benchmark
// reports is the server's alone (as wrk on the same machine is for the floor): a fake Telegram Bot API on
// 127.0.0.1 that answers like Telegram, and the load generator that POSTs updates to a webhook,
// `concurrency` at a time. Started by forkWebhookLoad below; talks over the IPC channel.
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST: its HTTP status (0: no answer) and the time from sending to the end of the answer. */
export interface Sent {
  status: number;
  ms: number;
}

/** Who the fake Bot API says it is and which chat it answers in. */
export interface FakeBotApiIdentity {
  token: string;
  bot: { id: number; is_bot: true; first_name: string; username: string };
  chat: { id: number; type: 'private'; first_name: string; last_name: string };
}

type Request =
  | { op: 'drive'; url: string | string[]; secret: string; updates: unknown[]; concurrency: number; rate?: number }
  | { op: 'answers'; callbackIds: string[] }
  | { op: 'calls' }
  | { op: 'replied' };

/** The parent's side: drive a webhook and ask the fake Bot API what it was told. */
export interface WebhookLoad {
  /** The fake Bot API's root, for TELEGRAM_API_ROOT. */
  apiRoot: string;
  /**
   * POSTs `updates` (as Telegram would, with the secret header), `concurrency` at a time: each as soon as one
   * of them is answered (a closed loop: the server's most), or, given `rate` (updates a second), the i-th at
   * i / rate seconds from the start, on the first of the `concurrency` connections free then (teachers who
   * tap at that pace between them). Paced, an update's time runs from when it was due: a server that falls
   * behind shows it in the latencies, not only in the rate. Several URLs (instances of one server behind a
   * load balancer): connection k posts to the k-th, round the list, so each instance gets an equal share.
   */
  drive(url: string | string[], secret: string, updates: unknown[], concurrency: number, rate?: number): Promise<{ sent: Sent[]; seconds: number }>;
  /** The texts of each answerCallbackQuery per callback query id ('' for an answer without text). */
  answers(callbackIds: string[]): Promise<Map<string, string[]>>;
  /** Calls per Bot API method so far, those given as webhook replies included (Telegram runs them as calls). */
  calls(): Promise<Map<string, number>>;
  /** Of calls(), those that came as a webhook's HTTP reply instead of a request to the Bot API. */
  replied(): Promise<Map<string, number>>;
  /** The process id, to read its CPU time. */
  pid: number;
  close(): Promise<void>;
}

/** Starts the load process (this file, with tsx) and waits for its fake Bot API. */
export async function forkWebhookLoad(identity: FakeBotApiIdentity): Promise<WebhookLoad> {
  const child: ChildProcess = fork(import.meta.filename, [JSON.stringify(identity)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 0;
  const pending = new Map<number, (value: unknown) => void>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const apiRoot = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { apiRoot: string }).apiRoot));
    child.once('exit', (code) => reject(new Error(`the load process ended before it started (${code})`)));
  });
  child.on('message', (m) => {
    const { id, result } = m as { id: number; result: unknown };
    pending.get(id)?.(result);
    pending.delete(id);
  });
  const ask = <T>(request: Request) => new Promise<T>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, resolve as (value: unknown) => void);
    child.send({ id, request }, (err) => {
      if (err) reject(err);
    });
  });
  return {
    apiRoot,
    pid: child.pid!,
    drive: (url, secret, updates, concurrency, rate) => ask({ op: 'drive', url, secret, updates, concurrency, ...(rate ? { rate } : {}) }),
    answers: async (callbackIds) => new Map(await ask<[string, string[]][]>({ op: 'answers', callbackIds })),
    calls: async () => new Map(await ask<[string, number][]>({ op: 'calls' })),
    replied: async () => new Map(await ask<[string, number][]>({ op: 'replied' })),
    close: async () => {
      if (child.exitCode === null) child.kill();
      await exited;
    },
  };
}

// ── the child ───────────────────────────────────────────────────────────────────────────────────────

/** Answers every /bot<token>/<method> POST as Telegram does on success; anything else gets Telegram's 404. */
async function startFakeBotApi({ token, bot, chat: defaultChat }: FakeBotApiIdentity) {
  const calls = new Map<string, number>();
  const replied = new Map<string, number>();
  const answers = new Map<string, string[]>();
  /** A call as Telegram takes it, whether requested of the Bot API or given as a webhook's reply. */
  const record = (method: string, payload: Record<string, any>, viaReply: boolean) => {
    calls.set(method, (calls.get(method) ?? 0) + 1);
    if (viaReply) replied.set(method, (replied.get(method) ?? 0) + 1);
    if (method === 'answerCallbackQuery') {
      const id = String(payload.callback_query_id);
      answers.set(id, [...(answers.get(id) ?? []), typeof payload.text === 'string' ? payload.text : '']);
    }
  };
  const prefix = `/bot${token}/`;
  let messageId = 10_000;
  const now = () => Math.floor(Date.now() / 1000);
  const resultFor = (method: string, p: Record<string, any>): unknown => {
    const chat = { ...defaultChat, id: Number(p.chat_id ?? defaultChat.id) };
    switch (method) {
      case 'getMe':
        return { ...bot, can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false };
      case 'sendMessage':
        return { message_id: messageId++, from: bot, chat, date: now(), text: p.text, ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}) };
      case 'editMessageText':
        return { message_id: Number(p.message_id), from: bot, chat, date: now(), edit_date: now(), text: p.text, ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}) };
      default:
        return true;
    }
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      const url = req.url ?? '';
      if (req.method !== 'POST' || !url.startsWith(prefix)) {
        send(404, { ok: false, error_code: 404, description: 'Not Found' });
        return;
      }
      const method = url.slice(prefix.length);
      let payload: Record<string, any> = {};
      try {
        const raw = Buffer.concat(chunks).toString('utf8');
        payload = raw ? (JSON.parse(raw) as Record<string, any>) : {};
      } catch {
        send(400, { ok: false, error_code: 400, description: 'Bad Request: can\'t parse JSON' });
        return;
      }
      record(method, payload, false);
      send(200, { ok: true, result: resultFor(method, payload) });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { apiRoot: `http://127.0.0.1:${port}`, calls, replied, answers, record };
}

/**
 * POSTs `updates` to `webhook`, `concurrency` at a time over kept-alive connections. A 200 whose body is a
 * method call (`{"method": …}`) is what Telegram then runs as the bot's call: it is recorded as the fake Bot
 * API records a request (`record`), before the POST counts as answered.
 */
async function drive(webhook: string | string[], secret: string, updates: unknown[], concurrency: number, rate: number | undefined, record: (method: string, payload: Record<string, any>, viaReply: boolean) => void): Promise<{ sent: Sent[]; seconds: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const urls = (Array.isArray(webhook) ? webhook : [webhook]).map((u) => new URL(u));
  const post = (url: URL, update: unknown, due: number) => new Promise<Sent>((resolve) => {
    const body = JSON.stringify(update);
    const started = Math.min(due, performance.now());
    const req = http.request({
      agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': secret },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - started;
        if (res.statusCode === 200 && /^application\/json/.test(res.headers['content-type'] ?? '')) {
          const { method, ...payload } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>;
          if (typeof method === 'string') record(method, payload, true);
        }
        resolve({ status: res.statusCode ?? 0, ms });
      });
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
  const sent: Sent[] = new Array<Sent>(updates.length);
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, lane) => {
    const url = urls[lane % urls.length]!;
    while (next < updates.length) {
      const i = next++;
      const due = rate ? started + (i * 1000) / rate : performance.now();
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      sent[i] = await post(url, updates[i], due);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { sent, seconds };
}

if (process.send && process.argv[1] === import.meta.filename) {
  const fake = await startFakeBotApi(JSON.parse(process.argv[2]!) as FakeBotApiIdentity);
  process.send({ apiRoot: fake.apiRoot });
  process.on('message', (m) => {
    const { id, request } = m as { id: number; request: Request };
    void (async () => {
      let result: unknown;
      switch (request.op) {
        case 'drive': result = await drive(request.url, request.secret, request.updates, request.concurrency, request.rate, fake.record); break;
        case 'answers': result = request.callbackIds.map((cb) => [cb, fake.answers.get(cb) ?? []]); break;
        case 'calls': result = [...fake.calls]; break;
        case 'replied': result = [...fake.replied]; break;
      }
      process.send!({ id, result });
    })();
  });
  process.on('disconnect', () => process.exit(0));
}
