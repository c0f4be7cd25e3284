import type { IncomingMessage } from 'node:http';
import { mimeTypeOf } from './images.js';

/** A file uploaded with multipart/form-data. */
export interface UploadedFile {
  kind: 'upload';
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

export type Payload = Record<string, unknown>;

export class BodyError extends Error {}

const MAX_BODY = 50 * 1024 * 1024; // Telegram's upload limit for bots
const NUMERIC = /^(chat_id|from_chat_id|message_id|message_thread_id|reply_to_message_id|offset|limit|timeout|cache_time|user_id|max_connections|duration|width|height)$/;
const TEXTUAL = /^(text|caption|description|short_description|name|title|query|data|callback_data|secret_token|url)$/;

/**
 * The parameters of a Bot API request, however they came: the query string, a JSON body, a urlencoded
 * form or multipart/form-data (files become UploadedFile, `attach://name` references are resolved).
 * Form values are strings, as on the wire; JSON-serialized fields (reply_markup, entities…) are parsed,
 * ids and booleans turned into numbers and booleans, so a payload reads the same however it was sent.
 */
export async function readPayload(req: IncomingMessage, url: URL): Promise<Payload> {
  const payload: Payload = {};
  for (const [key, value] of url.searchParams) payload[key] = coerce(key, value);
  const body = await readBody(req);
  if (body.length === 0) return payload;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new BodyError("can't parse JSON object");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BodyError("can't parse JSON object");
    return { ...payload, ...(parsed as Payload) };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) payload[key] = coerce(key, value);
    return payload;
  }
  if (type.startsWith('multipart/form-data')) return { ...payload, ...(await readMultipart(body, req.headers['content-type']!)) };
  throw new BodyError(`unsupported content type ${type || '(none)'}`);
}

async function readMultipart(body: Buffer, contentType: string): Promise<Payload> {
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new BodyError("can't parse multipart/form-data");
  }
  const payload: Payload = {};
  const files = new Map<string, UploadedFile>();
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') payload[key] = coerce(key, value);
    else {
      const bytes = Buffer.from(await value.arrayBuffer());
      const fileName = value.name || key;
      const file: UploadedFile = { kind: 'upload', fileName, mimeType: mimeTypeOf(bytes, fileName, value.type), bytes };
      files.set(key, file);
      payload[key] = file;
    }
  }
  // `attach://<name>` points a field (or a media entry) at another part of the form, which is then not a
  // parameter of its own.
  const referenced = new Set<string>();
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string' && value.startsWith('attach://')) {
      const name = value.slice('attach://'.length);
      const file = files.get(name);
      if (!file) return value;
      referenced.add(name);
      return file;
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object' && !isUpload(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    }
    return value;
  };
  for (const [key, value] of Object.entries(payload)) payload[key] = resolve(value);
  for (const name of referenced) delete payload[name];
  return payload;
}

export function isUpload(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'upload' && Buffer.isBuffer((value as { bytes?: unknown }).bytes);
}

function coerce(key: string, value: string): unknown {
  if (TEXTUAL.test(key)) return value;
  if (NUMERIC.test(key) && /^-?\d+$/.test(value)) return Number(value);
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\s*[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new BodyError('Request Entity Too Large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
