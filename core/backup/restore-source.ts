import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { S3Settings } from '../base/config.js';
import { S3Bucket } from './destinations/s3-bucket.js';
import { parseS3Url } from './destinations/s3-client.js';

export class RestoreSourceMissing extends Error {
  constructor(readonly reason: 'badSource' | 's3NotConfigured' | 'emptyS3') {
    super(`restore source: ${reason}`);
    this.name = 'RestoreSourceMissing';
  }
}

/**
 * The backup set a restore reads, as a local directory: the directory itself, or an s3://bucket/prefix/name
 * set downloaded into a temporary one (removed by `done`). Nothing downloaded is trusted before the manifest
 * is verified.
 */
export async function openRestoreSource(source: string, s3: S3Settings | undefined): Promise<{ dir: string; done(): Promise<void> }> {
  const address = source.startsWith('s3://') ? parseS3Url(source) : undefined;
  if (!address) {
    const stat = await fs.stat(source).catch(() => undefined);
    if (!stat?.isDirectory()) throw new RestoreSourceMissing('badSource');
    return { dir: source, done: async () => {} };
  }
  if (!s3) throw new RestoreSourceMissing('s3NotConfigured');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-restore-'));
  const done = () => fs.rm(dir, { recursive: true, force: true });
  try {
    const files = await new S3Bucket(s3).download(address.bucket, address.key, dir);
    if (files.length === 0) throw new RestoreSourceMissing('emptyS3');
    return { dir, done };
  } catch (err) {
    await done();
    throw err;
  }
}
