import { fork } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { processCpuMs } from './measure.js';

/** What one message and its answer between two processes of this machine cost (see messageCost). */
export interface MessageCost {
  /** From sending to the answer, µs. */
  wallUs: number;
  /** CPU time of the side that sends and of the side that answers, µs per round trip each. */
  senderCpuUs: number;
  answererCpuUs: number;
}

/**
 * A 200-byte message and its echo, `count` times one after the other, between this process and another
 * over loopback TCP: the least a round trip to PostgreSQL or an HTTP call to the Bot API costs here, before
 * any work. On the project's 2-core virtual machine waking a process on the other core costs far more than
 * on one core (the hypervisor's interrupt), and a journal tap is a dozen such messages: this number, printed
 * with each run, tells a slow run from a slow tap.
 */
export async function messageCost(count = 5_000): Promise<MessageCost> {
  const peer = fork(path.join(import.meta.dirname, 'echo-peer.mjs'), [], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ask = <T>(message?: string) => new Promise<T>((resolve) => {
    peer.once('message', (answer) => resolve(answer as T));
    if (message !== undefined) peer.send(message);
  });
  try {
    const { port } = await ask<{ port: number }>();
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const message = Buffer.alloc(200, 1);
    const roundTrips = (n: number) => new Promise<void>((resolve) => {
      let left = n;
      const onData = () => {
        if (--left > 0) return void socket.write(message);
        socket.off('data', onData);
        resolve();
      };
      socket.on('data', onData);
      socket.write(message);
    });
    await roundTrips(500); // warm-up
    const answererBefore = (await ask<{ cpuMs: number }>('cpu')).cpuMs;
    const senderBefore = processCpuMs();
    const started = performance.now();
    await roundTrips(count);
    const wallUs = ((performance.now() - started) * 1000) / count;
    const senderMs = processCpuMs() - senderBefore;
    const answererAfter = (await ask<{ cpuMs: number }>('cpu')).cpuMs;
    socket.destroy();
    return { wallUs, senderCpuUs: (senderMs * 1000) / count, answererCpuUs: ((answererAfter - answererBefore) * 1000) / count };
  } finally {
    peer.disconnect();
  }
}
