import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** One structured log line of the product (pino JSON). */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** The product as `npm run dev` runs it: a real process of its own, with its own event loop, pool and signals. */
export interface ProductProcess {
  child: ChildProcess;
  /** The HTTP server's base URL (http://127.0.0.1:<port>). */
  url: string;
  /** Everything it wrote so far, stdout and stderr. */
  output(): string;
  /** Its structured log lines so far. */
  logs(): LogLine[];
  /** Resolves with the exit code (null when killed by a signal) once no process of its group is left. */
  exited: Promise<number | null>;
  /** Sends a signal to its process group (`SIGKILL` for a crash, `SIGTERM` for a deploy's stop). */
  kill(signal: NodeJS.Signals): void;
  /** Waits until a log line matches (already written or still to come). */
  waitForLog(accept: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

export interface StartOptions {
  /** How long to wait for «web panel ready» (default 90 s). */
  readyTimeoutMs?: number;
  /**
   * The process's clock starts at this instant («YYYY-MM-DD HH:MM:SS» in UTC) and runs on, through
   * libfaketime: to bring a scheduled job's slot within a scenario's minute, or to set two instances'
   * clocks apart as two hosts' clocks are.
   */
  fakeTime?: string;
}

const running = new Set<ChildProcess>();
// A scenario that fails half-way must not leave products running (they would hold the test database).
process.once('exit', () => {
  for (const child of running) signalGroup(child, 'SIGKILL');
});

/**
 * The product runs in a process group of its own, and signals go to the group: under faketime the child is
 * faketime's wrapper, which forks node and dies of a signal without passing it on, so a signal to the child
 * alone left node running, orphaned, after the scenario (two of them after every two-instances run).
 */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is gone already.
  }
}

/** Whether any process of the child's group is still running. */
export function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `node --import tsx main.ts` with exactly `env` (plus PATH and HOME), listening on a random
 * loopback port, and waits for «web panel ready». Give it DATABASE_URL (see databaseOfItsOwn) and, for a
 * bot, TELEGRAM_BOT_TOKEN with TELEGRAM_API_ROOT pointing at an emulator the test started.
 */
export async function startProduct(env: Record<string, string>, options: StartOptions = {}): Promise<ProductProcess> {
  const command = [process.execPath, '--import', 'tsx', 'main.ts'];
  // libfaketime (Debian's faketime, as .ci/run uses it): the process's clock starts at that instant and runs on.
  if (options.fakeTime) command.unshift('faketime', options.fakeTime);
  const child = spawn(command[0]!, command.slice(1), {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...(options.fakeTime ? { TZ: 'UTC' } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  // Ended once no process of its group is left (faketime's wrapper may end before node does).
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    const gone = () => {
      if (groupAlive(child)) {
        setTimeout(gone, 50);
        return;
      }
      running.delete(child);
      resolve(code);
    };
    gone();
    for (const listener of listeners) listener();
  }));
  const logs = () => output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);

  const waitForLog = (accept: (line: LogLine) => boolean, timeoutMs = 30_000) => new Promise<LogLine>((resolve, reject) => {
    const check = () => {
      const found = logs().find(accept);
      if (found) finish(() => resolve(found));
      else if (child.exitCode !== null || child.signalCode !== null) finish(() => reject(new Error(`the product exited:\n${output.slice(-4000)}`)));
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`no such log line within ${timeoutMs} ms:\n${output.slice(-4000)}`))), timeoutMs);
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      listeners.delete(check);
      settle();
    };
    listeners.add(check);
    check();
  });

  // The first start under tsx on a loaded 2-core machine takes 10–20 s (AdminJS alone is seconds).
  const ready = await waitForLog((l) => l.msg === 'web panel ready', options.readyTimeoutMs ?? 90_000).catch((err: unknown) => {
    signalGroup(child, 'SIGKILL');
    throw err;
  });
  // Where it listens (the panel's address names PUBLIC_URL when one is set, not this port).
  const listening = logs().find((l) => typeof l.msg === 'string' && l.msg.startsWith('Server listening at http://127.0.0.1:'));
  const url = listening ? new URL(String(listening.msg).slice('Server listening at '.length)).origin : new URL(String(ready.url)).origin;
  return { child, url, output: () => output, logs, exited, kill: (signal) => signalGroup(child, signal), waitForLog };
}

/** The processes on this machine (Linux: /proc) whose environment holds `name=value`: a product's by its unique DATABASE_URL. */
export function processesWithEnvironment(name: string, value: string): number[] {
  const wanted = `${name}=${value}`;
  return fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(wanted);
    } catch {
      return false; // ended meanwhile, or not ours to read
    }
  });
}
