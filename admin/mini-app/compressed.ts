import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Below this a gzip header costs more than it saves. */
const WORTH_IT = 1024;

/**
 * Sends `body` gzipped when the client takes gzip (every Telegram web view does): the grid's JSON repeats
 * the same keys in every cell and shrinks about tenfold, which is what keeps the first load small on a phone.
 */
export function sendCompressed(req: FastifyRequest, reply: FastifyReply, body: string | Buffer, type: string): FastifyReply {
  reply.type(type).header('vary', 'accept-encoding');
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  if (bytes.length < WORTH_IT || !/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.send(bytes);
  return reply.header('content-encoding', 'gzip').send(gzipSync(bytes));
}
