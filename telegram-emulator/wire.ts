import { randomBytes, randomInt } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { isUpload, type Payload } from './body.js';

/** How the emulator puts things on the wire: answers, status lines, the call log's payloads, tokens. */

/** Telegram's answer to a call. */
export type ApiResponse =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LoggedPayload = Record<string, any>;

const jsonHeaders = { 'content-type': 'application/json' };

/** A token in Telegram's shape: the bot's id, a colon, 35 characters. */
export function generateToken(): string {
  return `${randomInt(100_000_000, 999_999_999)}:AA${randomBytes(32).toString('base64url').slice(0, 33)}`;
}

export const STATUS_TEXT: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

/** Writes Telegram's answer with the HTTP status Telegram uses (its error_code). */
export function reply(res: ServerResponse, response: ApiResponse): void {
  if (res.writableEnded || res.destroyed) return;
  const status = response.ok ? 200 : response.error_code;
  res.writeHead(status, STATUS_TEXT[status] ?? undefined, jsonHeaders);
  res.end(JSON.stringify(response));
}

/** The payload for the call log: uploads as their name, type and size instead of their bytes. */
export function loggable(payload: Payload): LoggedPayload {
  const strip = (value: unknown): unknown => {
    if (isUpload(value)) return { file: { fileName: value.fileName, mimeType: value.mimeType, size: value.bytes.length } };
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v)]));
    return value;
  };
  return strip(payload) as LoggedPayload;
}
