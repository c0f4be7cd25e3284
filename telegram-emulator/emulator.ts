import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, User } from 'telegraf/types';
import { BodyError, readPayload, type Payload } from './body.js';
import { ChatStore, toChatUser, type ChatMessage, type StoredFile, type UserLike } from './chats.js';
import { Faults, type Fault, type FaultHandle } from './faults.js';
import { FloodControl, TELEGRAM_LIMITS, type Limits } from './flood-control.js';
import { ApiError, commandMenu, handlers, isSendingMethod, knownChatId, type EmulatorState, type Webhook } from './methods.js';
import { UpdateQueue } from './updates.js';
import { UserSide } from './user-side.js';
import { canonicalMethod, validateCall } from './validate.js';
import { webAppLaunchUrl, type WebAppLaunchOptions } from './web-app.js';
import { STATUS_TEXT, generateToken, loggable, reply, type ApiResponse, type LoggedPayload } from './wire.js';

export { generateToken, type ApiResponse } from './wire.js';

export interface EmulatorOptions {
  /** The only token accepted (default: a generated one). */
  token?: string;
  /** What getMe answers besides the id (the token's number). */
  bot?: { first_name?: string; username?: string };
  /** Telegram's flood limits (default 30 a second, 1 a second per chat), or false: off. */
  limits?: Limits | false;
  /** Edits, deletions and callback answers for messages and queries the emulator never saw are accepted. */
  adoptUnknown?: boolean;
  host?: string;
  port?: number;
  /** The clock the flood limits read, in ms (tests may freeze it). */
  clock?: () => number;
  /** Like Telegram's test environment: Mini Apps (web_app buttons) may be served over plain HTTP. */
  testEnvironment?: boolean;
}


/** One request to the Bot API, as the emulator received and answered it. */
export interface ApiCall {
  method: string;
  /** The parameters as Telegram read them (arbitrary JSON: tests read into it freely). */
  payload: LoggedPayload;
  chatId?: number;
  /** When it arrived (ms since the epoch). */
  at: number;
  /** Set once answered (a long poll is answered later); undefined for a dropped connection. */
  response?: ApiResponse;
  /** Why Telegram would refuse the call as malformed (it was answered 400). */
  violations?: string[];
}

export interface EmulatorEvents {
  message: [ChatMessage];
  edit: [ChatMessage];
  delete: [{ chatId: number; messageId: number }];
  callbackAnswer: [{ chatId: number | undefined; callbackQueryId: string; text?: string; showAlert: boolean }];
  chatAction: [{ chatId: number; action: string }];
  /** A call arrived (already checked: `violations` is set if it is malformed); not answered yet. */
  request: [ApiCall];
  /** A call was answered (`response` is set, unless the connection was dropped). */
  call: [ApiCall];
  /** The emulator failed on a request (a bug of its own); the request was answered 500. */
  internalError: [unknown];
}

const DEFAULT_BOT = { first_name: 'Klassny', username: 'klassny_test_bot' };
/** The Bot API on loopback. Start it with startEmulator(); see README.md for the whole API. */
export class Emulator extends UserSide implements EmulatorState {
  readonly token: string;
  readonly botUser: User;
  readonly calls: ApiCall[] = [];
  readonly violations: string[] = [];
  readonly chats = new ChatStore();
  readonly updates = new UpdateQueue();
  readonly adoptUnknown: boolean;
  readonly commands = new Map<string, unknown[]>();
  readonly callbackQueries = new Map<string, number>();
  webhook: Webhook | undefined;
  url = '';

  private readonly events = new EventEmitter();
  private readonly faults = new Faults();
  private readonly flood: FloodControl;
  private readonly blocked = new Set<number>();
  private readonly server: Server;
  private stopping: (() => void) | undefined;
  private readonly stopped: Promise<void>;

  constructor(private readonly options: EmulatorOptions = {}) {
    super();
    this.token = options.token ?? generateToken();
    const id = Number(this.token.split(':')[0]);
    if (!/^\d+:[\w-]+$/.test(this.token) || !Number.isSafeInteger(id)) throw new Error('the token must look like 123456789:ABC…');
    this.botUser = {
      id, is_bot: true, ...DEFAULT_BOT, ...options.bot,
      can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false,
    } as User;
    this.adoptUnknown = options.adoptUnknown ?? false;
    this.flood = new FloodControl(options.limits ?? TELEGRAM_LIMITS, options.clock);
    this.events.setMaxListeners(0);
    this.stopped = new Promise((resolve) => (this.stopping = resolve));
    this.server = createServer((req, res) => {
      // A bug of the emulator's own answers 500 (as a failing Telegram would) instead of ending the process.
      this.route(req, res).catch((err: unknown) => {
        this.events.emit('internalError', err);
        reply(res, { ok: false, error_code: 500, description: 'Internal Server Error' });
      });
    });
  }

  async listen(): Promise<this> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${host}:${port}`;
    return this;
  }

  /** Keeps the process from waiting on the emulator (a test helper's emulator that lives as long as the process). */
  unref(): this {
    this.server.unref();
    return this;
  }

  /** Answers pending long polls with nothing and closes every connection. */
  async stop(): Promise<void> {
    this.stopping?.();
    this.updates.release();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  called(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Forgets everything: calls, violations, chats, files, updates, faults, blocks, the webhook and commands. */
  reset(): void {
    this.calls.splice(0);
    this.violations.splice(0);
    this.chats.clear();
    this.updates.clear();
    this.faults.clear();
    this.flood.reset();
    this.blocked.clear();
    this.commands.clear();
    this.callbackQueries.clear();
    this.webhook = undefined;
  }

  transcript(chatId: number): ChatMessage[] {
    return this.chats.list(chatId).map((m) => structuredClone(m));
  }

  message(chatId: number, messageId: number): ChatMessage | undefined {
    const found = this.chats.find(chatId, messageId);
    return found && structuredClone(found);
  }

  file(fileId: string): StoredFile | undefined {
    return this.chats.file(fileId);
  }

  /** The URL Telegram would serve the file at. */
  fileUrl(file: StoredFile): string {
    return `${this.url}/file/bot${this.token}/${file.filePath}`;
  }

  /**
   * The user taps the web_app button with `url` under the bot's message `messageId` in its private chat: the
   * URL its Telegram app opens, with initData signed by this bot's token in the fragment, as Telegram's
   * servers sign it. Throws when the message has no such button (a real client only opens what it shows).
   */
  openWebApp(from: UserLike, messageId: number, url: string, options: WebAppLaunchOptions = {}): string {
    const user = typeof from === 'number' && this.chats.knows(from) ? this.chats.user(from) : toChatUser(from);
    const message = this.chats.find(user.id, messageId);
    if (!message || message.from !== 'bot') throw new Error(`no bot message ${messageId} in chat ${user.id}`);
    if (!message.buttons.flat().some((b) => 'web_app' in b && b.web_app?.url === url)) {
      throw new Error(`message ${messageId} has no web_app button for ${url}`);
    }
    return webAppLaunchUrl(this.token, url, user, options);
  }

  inject(fault: Fault): FaultHandle {
    return this.faults.inject(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  setLimits(limits: Limits | false): void {
    this.flood.set(limits);
  }

  block(chatId: number): void {
    if (this.blocked.has(chatId)) return;
    this.blocked.add(chatId);
    this.queueMemberChange(chatId, 'member', 'kicked');
  }

  unblock(chatId: number): void {
    if (!this.blocked.delete(chatId)) return;
    this.queueMemberChange(chatId, 'kicked', 'member');
  }

  isBlocked(chatId: number): boolean {
    return this.blocked.has(chatId);
  }

  /**
   * The command menu a user's app shows in its chat with the bot, looked up as Telegram does: the chat's
   * own scope, then all private chats, then the default, each for the user's language first.
   */
  commandsFor(chatId: number, languageCode?: string): { command: string; description: string }[] {
    return commandMenu(this.commands, chatId, languageCode);
  }

  pendingUpdates(): Update[] {
    return this.updates.pending();
  }

  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends keyof EmulatorEvents>(event: E, listener: (...args: EmulatorEvents[E]) => void): () => void {
    const wrapped = listener as (...args: unknown[]) => void;
    this.events.on(event, wrapped);
    return () => this.events.off(event, wrapped);
  }

  /** The next message or edit in `chatId` that `accept` takes (default: any), within `timeoutMs`. */
  waitForMessage(chatId: number, accept: (m: ChatMessage) => boolean = () => true, timeoutMs = 5000): Promise<ChatMessage> {
    return new Promise((resolve, reject) => {
      const check = (m: ChatMessage) => {
        if (m.chatId !== chatId || !accept(m)) return;
        cleanup();
        resolve(structuredClone(m));
      };
      const offMessage = this.on('message', check);
      const offEdit = this.on('edit', check);
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no message in chat ${chatId} within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        offMessage();
        offEdit();
      };
    });
  }

  emit(event: keyof EmulatorEvents, payload: unknown): void {
    this.events.emit(event, payload);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file && req.method === 'GET') return this.serveFile(file[1]!, decodeURIComponent(file[2]!), res);
    const api = /^\/bot([^/]+)\/([^/]*)$/.exec(url.pathname);
    if (!api) return reply(res, { ok: false, error_code: 404, description: 'Not Found' });
    if (api[1] !== this.token) return reply(res, { ok: false, error_code: 401, description: 'Unauthorized' });

    const method = canonicalMethod(api[2]!) ?? api[2]!;
    let payload: Payload;
    try {
      payload = await readPayload(req, url);
    } catch (err) {
      if (!(err instanceof BodyError)) throw err;
      return reply(res, { ok: false, error_code: 400, description: `Bad Request: ${err.message}` });
    }
    // telegraf repeats the method inside multipart bodies; Telegram takes no notice of it.
    if (typeof payload.method === 'string' && payload.method.toLowerCase() === method.toLowerCase()) delete payload.method;
    const chatId = knownChatId(this.chats, payload.chat_id);
    const problems = validateCall(method, payload, { httpWebApps: this.options.testEnvironment === true });
    const call: ApiCall = {
      method,
      payload: loggable(payload),
      ...(chatId !== undefined ? { chatId } : {}),
      at: Date.now(),
      ...(problems.length ? { violations: problems.map((p) => p.violation) } : {}),
    };
    this.calls.push(call);
    this.violations.push(...(call.violations ?? []));
    this.events.emit('request', call);
    const closed = Promise.race([new Promise<void>((resolve) => res.once('close', () => resolve())), this.stopped]);
    const response = problems.length
      ? { ok: false as const, error_code: 400, description: problems.map((p) => p.description).join('; ') }
      : await this.answer(call, method, payload, closed);
    if (response === 'dropped') {
      req.socket.destroy();
    } else {
      call.response = response;
      reply(res, response);
    }
    this.events.emit('call', call);
  }

  private async answer(call: ApiCall, method: string, payload: Payload, closed: Promise<void>): Promise<ApiResponse | 'dropped'> {
    const chatKey = typeof payload.chat_id === 'number' || typeof payload.chat_id === 'string' ? String(payload.chat_id) : undefined;
    try {
      const fault = this.faults.take(method, chatKey);
      if (fault) {
        switch (fault.kind) {
          case 'retryAfter':
            throw new ApiError(429, `Too Many Requests: retry after ${fault.seconds}`, { retry_after: fault.seconds });
          case 'serverError': {
            const status = fault.status ?? 500;
            throw new ApiError(status, STATUS_TEXT[status] ?? 'Internal Server Error');
          }
          case 'forbidden':
            throw new ApiError(403, fault.description ?? 'Forbidden: bot was blocked by the user');
          case 'timeout': {
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, fault.ms))), this.stopped]);
            clearTimeout(timer);
            // Telegram may well have done the call although the answer never came: 'process' does it.
            if (fault.then === 'drop') return 'dropped';
            break;
          }
        }
      }
      const chatId = knownChatId(this.chats, payload.chat_id);
      if (chatId !== undefined && this.blocked.has(chatId)) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
      if (isSendingMethod(method)) {
        const retryAfter = this.flood.take(chatKey);
        if (retryAfter !== undefined) throw new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
      }
      const handler = handlers[method];
      const result: unknown = handler ? await handler(this, { method, payload, closed }) : true;
      return { ok: true, result };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.violation) {
        const violation = `${method}: ${err.violation}`;
        this.violations.push(violation);
        call.violations = [...(call.violations ?? []), violation];
      }
      return { ok: false, error_code: err.code, description: err.description, ...(err.parameters ? { parameters: err.parameters } : {}) };
    }
  }

  private serveFile(token: string, filePath: string, res: ServerResponse): void {
    const file = token === this.token ? this.chats.fileByPath(filePath) : undefined;
    if (!file) return reply(res, { ok: false, error_code: 404, description: 'Not Found' });
    res.writeHead(200, { 'content-type': file.mimeType, 'content-length': file.bytes.length });
    res.end(file.bytes);
  }

}

/** Starts an emulator on 127.0.0.1 (a random port unless `port` is given). */
export function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return new Emulator(options).listen();
}
