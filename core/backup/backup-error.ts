import type { S3Settings } from '../base/config.js';

const MAX_LENGTH = 500;

/**
 * What went wrong with a destination, for the backup_run row, the log and the panel: the error's kind and
 * message, with the storage's credentials blanked wherever a library put them (a signed URL, an echo).
 */
export function describeBackupError(err: unknown, s3: S3Settings | undefined): string {
  const error = err instanceof Error ? err : new Error(String(err));
  const code = (error as { code?: unknown }).code;
  let text = `${error.name}${typeof code === 'string' && !error.message.includes(code) ? ` (${code})` : ''}: ${error.message}`;
  for (const secret of [s3?.secretAccessKey, s3?.accessKeyId]) if (secret) text = text.replaceAll(secret, '***');
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}
