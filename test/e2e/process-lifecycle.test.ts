import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The product as `npm start` runs it: a real process, signals, the embedded server in a fresh directory. */
interface Run {
  child: ChildProcess;
  output: () => string;
  panelUrl: string;
  exited: Promise<number | null>;
}

async function start(dataDir: string): Promise<Run> {
  // Env of our own: no token, no DATABASE_URL, so the product picks the embedded server as on a fresh machine.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', EMBEDDED_PG_DIR: dataDir, LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const panelUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${output}`)), 60_000);
    const check = () => {
      const ready = output.split('\n').find((l) => l.includes('"web panel ready"'));
      if (ready) {
        clearTimeout(timer);
        resolve(JSON.parse(ready).url as string);
      }
    };
    child.stdout.on('data', check);
    void exited.then(() => reject(new Error(`exited before ready:\n${output}`)));
  });
  return { child, output: () => output, panelUrl, exited };
}

const logLines = (output: string) => output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the product as a process', () => {
  let tmp: string;
  let dataDir: string;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-process-'));
    await fs.chmod(tmp, 0o755);
    dataDir = path.join(tmp, 'pg');
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('starts with no environment, serves the panel, prints the demo login once, and stops cleanly on SIGTERM', async () => {
    const run = await start(dataDir);
    const health = await fetch(new URL('/healthz', run.panelUrl));
    expect(health.status).toBe(200);
    expect((await fetch(new URL('/admin/login', run.panelUrl))).status).toBe(200);

    const password = /Пароль: (\S+)/.exec(run.output())?.[1];
    expect(password).toBeDefined();
    const lines = logLines(run.output());
    // No token: the bot runs in the sandbox, against the Telegram emulator, and its web chat is served.
    const sandbox = lines.find((l) => String(l.msg).startsWith('sandbox chat ready'));
    expect(sandbox?.url).toBe(run.panelUrl.replace(/\/admin$/, '/sandbox'));
    expect((await fetch(new URL('/sandbox', run.panelUrl))).status).toBe(200);
    expect(run.output()).toContain(`Песочница — чат с ботом без Telegram: ${String(sandbox?.url)}`);
    expect(lines.some((l) => JSON.stringify(l).includes(password!))).toBe(false);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(logLines(run.output()).map((l) => l.msg)).toContain('embedded PostgreSQL stopped');
    await expect(fs.access(path.join(dataDir, 'postmaster.pid'))).rejects.toThrow();
  }, 90_000); // the first start creates the cluster and the demo school: start() alone may wait 60 s on a loaded machine

  it('starts again after a clean stop without printing the password again', async () => {
    const run = await start(dataDir);
    expect(run.output()).not.toContain('Пароль:');
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  }, 90_000); // a full start (start() waits up to 60 s) and a stop

  it('recovers the embedded server left running by a run that was killed', async () => {
    const crashed = await start(dataDir);
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    await fs.access(path.join(dataDir, 'postmaster.pid')); // its PostgreSQL is still up, orphaned

    const run = await start(dataDir);
    expect(logLines(run.output()).map((l) => l.msg)).toContain('embedded PostgreSQL left running by a previous run; restarting it');
    expect((await fetch(new URL('/healthz', run.panelUrl))).status).toBe(200);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  }, 90_000); // two full starts of the product (about 15 s each on a busy 2-core machine)
});
