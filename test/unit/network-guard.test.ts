import http, { type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopback } from '../support/network-guard.js';

// The guard is installed by the worker set-up (vitest `setupFiles`), not by this file: these tests prove it
// is in force for every test file.

/** What an `http`/`https` request (node-fetch, telegraf) ends with: its status, or the error that ended it. */
function request(url: string): Promise<{ status: number } | { error: Error }> {
  return new Promise((resolve) => {
    const client = url.startsWith('https:') ? https : http;
    const req = client.get(url, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', (error) => resolve({ error }));
    req.setTimeout(5000, () => req.destroy(new Error('timed out: the request was not refused at once')));
  });
}

/** What a built-in `fetch` ends with: its status, or the cause of its failure. */
async function fetched(url: string): Promise<{ status: number } | { error: Error }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return { status: res.status };
  } catch (err) {
    return { error: ((err as Error).cause as Error | undefined) ?? (err as Error) };
  }
}

function listen(host: string): Promise<Server> {
  const server = http.createServer((_req, res) => res.end('here'));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve(server));
  });
}

const port = (server: Server) => (server.address() as AddressInfo).port;

describe('the network guard of the tests', () => {
  it('refuses an http(s) request to the outside world at once, without connecting', async () => {
    for (const url of ['https://api.telegram.org/bot123:abc/getMe', 'http://example.com/', 'https://127.0.0.1.nip.io/']) {
      const outcome = await request(url);
      expect(outcome, url).toHaveProperty('error');
      const { error } = outcome as { error: Error };
      expect(error.name, url).toBe('NetConnectNotAllowedError');
    }
  });

  it('refuses the real Telegram to a bot client that was not pointed at the emulator', async () => {
    const telegram = new Telegram('123456789:TEST-token-for-tests-only-0123456789');
    await expect(telegram.getMe()).rejects.toThrow(/Nock: Disallowed net connect for "api\.telegram\.org:443/);
  });

  it('refuses a built-in fetch to the outside world', async () => {
    for (const url of ['https://api.telegram.org/bot123:abc/getMe', 'http://example.com/']) {
      const outcome = await fetched(url);
      expect(outcome, url).toHaveProperty('error');
      const { error } = outcome as { error: Error };
      expect(error.name, url).toBe('MockNotMatchedError');
      expect(error.message, url).toMatch(/not allowed/);
    }
  });

  describe('lets loopback through, on any port', () => {
    let v4: Server;
    let v6: Server;
    beforeAll(async () => {
      v4 = await listen('127.0.0.1');
      v6 = await listen('::1');
    });
    afterAll(async () => {
      await Promise.all([v4, v6].map((s) => new Promise((resolve) => s.close(resolve))));
    });

    it('with http.request', async () => {
      expect(await request(`http://127.0.0.1:${port(v4)}/`)).toEqual({ status: 200 });
      expect(await request(`http://localhost:${port(v4)}/`)).toEqual({ status: 200 });
      expect(await request(`http://[::1]:${port(v6)}/`)).toEqual({ status: 200 });
    });

    it('with fetch', async () => {
      expect(await fetched(`http://127.0.0.1:${port(v4)}/`)).toEqual({ status: 200 });
      expect(await fetched(`http://localhost:${port(v4)}/`)).toEqual({ status: 200 });
      expect(await fetched(`http://[::1]:${port(v6)}/`)).toEqual({ status: 200 });
    });
  });

  it('knows loopback by name only: a look-alike host is the outside world', () => {
    for (const host of ['127.0.0.1', '127.0.0.1:5432', 'localhost', 'LOCALHOST:80', '::1', '::1:443', '[::1]', '[::1]:8080']) {
      expect(isLoopback(host), host).toBe(true);
    }
    for (const host of ['api.telegram.org:443', '127.0.0.1.nip.io:443', 'localhost.example.com', 'mylocalhost:80', '10.0.0.1:80', 'fe80::1', '[fe80::1]:80', '[::1].evil']) {
      expect(isLoopback(host), host).toBe(false);
    }
  });
});
