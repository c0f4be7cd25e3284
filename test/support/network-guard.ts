import nock from 'nock';
import { MockAgent, getGlobalDispatcher, setGlobalDispatcher } from 'undici';

/** Where tests may connect: the Bot API emulator, the embedded PostgreSQL and local HTTP servers listen here. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Whether `host` names this machine. nock gives `hostname:port` (an IPv6 address unbracketed, `::1:443`),
 * undici gives a URL's host (`[::1]:443`, the port left out when it is the default one); any port is fine.
 */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(name);
  if (bracketed) return LOOPBACK.has(bracketed[1]!);
  return LOOPBACK.has(name) || LOOPBACK.has(name.replace(/:\d+$/, ''));
}

// One undici agent per process: a test worker may run several files (isolate: false), and a new agent for
// each would leave the previous one's keep-alive sockets open.
const AGENT = Symbol.for('klassny.test.network-guard.agent');
type GuardedGlobal = typeof globalThis & { [AGENT]?: MockAgent };

/**
 * Refuses every connection a test makes to anything but loopback, for both HTTP stacks of Node: nock covers
 * `http`/`https` requests (telegraf's node-fetch, pg's neighbours, anything built on `http.request`), and an
 * undici MockAgent set as the global dispatcher covers the built-in `fetch`, which nock 13 does not see.
 * A refused request fails with nock's NetConnectNotAllowedError or undici's MockNotMatchedError.
 * Idempotent: the worker set-up runs it before each test file, which also undoes what a file changed.
 */
export function guardNetwork(): void {
  if (!nock.isActive()) nock.activate();
  nock.cleanAll();
  nock.disableNetConnect();
  nock.enableNetConnect(isLoopback);

  const global = globalThis as GuardedGlobal;
  const agent = (global[AGENT] ??= new MockAgent());
  agent.disableNetConnect();
  agent.enableNetConnect(isLoopback);
  if (getGlobalDispatcher() !== agent) setGlobalDispatcher(agent);
}
