import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChatMessage, Emulator } from '../../telegram-emulator/index.js';
import type { MessageView } from './message-view.js';

const HEARTBEAT_MS = 15_000;

/** The event streams open on a server, ended when it closes so that they never hold a shutdown up. */
export function openStreams(app: FastifyInstance): Set<() => void> {
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });
  return streams;
}

/**
 * One chat as Server-Sent Events: first `transcript` (every message so far), then `message`, `edit`,
 * `delete`, `answer` (a callback answer: a toast or an alert) and `action` (the bot is typing…) as they
 * happen.
 */
export function chatEvents(streams: Set<() => void>, emulator: Emulator, chatId: number, req: FastifyRequest, reply: FastifyReply, view: (m: ChatMessage) => MessageView): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('transcript', emulator.transcript(chatId).map(view));

  const ours = (m: { chatId: number | undefined }) => m.chatId === chatId;
  const unsubscribe = [
    emulator.on('message', (m) => ours(m) && send('message', view(m))),
    emulator.on('edit', (m) => ours(m) && send('edit', view(m))),
    emulator.on('delete', (m) => ours(m) && send('delete', { id: m.messageId })),
    emulator.on('callbackAnswer', (a) => ours(a) && send('answer', { text: a.text ?? null, showAlert: a.showAlert })),
    emulator.on('chatAction', (a) => ours(a) && send('action', { action: a.action })),
  ];
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const all = streams;
  const close = () => {
    for (const off of unsubscribe) off();
    clearInterval(heartbeat);
    all.delete(end);
  };
  const end = () => {
    close();
    res.end();
  };
  all.add(end);
  req.raw.on('close', close);
}
