import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Settings } from '../../base/config.js';
import { BACKUP_NAME } from '../backup-set.js';
import { MANIFEST_FILE, SIGNATURE_FILE } from '../../integrity/manifest.js';
import type { BackupDestination } from './destination.js';
import { s3Client } from './s3-client.js';

/** Files up to this size are uploaded from memory, so that the client may retry them; larger ones stream (up to 5 GB). */
const IN_MEMORY_BYTES = 64 * 1024 * 1024;

/**
 * The S3-compatible destination: a backup's files under `<prefix>/<name>/` in the bucket, the manifest and its
 * signature uploaded last, so a set whose signature is there was uploaded whole.
 */
export class S3Bucket implements BackupDestination {
  readonly id = 's3';
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings, client?: S3Client) {
    this.client = client ?? s3Client(settings);
  }

  location(name: string): string {
    return `s3://${this.settings.bucket}/${this.keyOf(name)}`;
  }

  async store(staging: string, name: string, files: string[]): Promise<void> {
    const last = [MANIFEST_FILE, SIGNATURE_FILE];
    const ordered = [...files.filter((f) => !last.includes(f)), ...last];
    for (const file of ordered) {
      const local = path.join(staging, file);
      const { size } = await fs.stat(local);
      // A file in memory can be sent again when a try fails; a stream cannot (the client does not retry it).
      const body = size <= IN_MEMORY_BYTES ? await fs.readFile(local) : createReadStream(local);
      await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: `${this.keyOf(name)}/${file}`, Body: body, ContentLength: size }));
    }
  }

  /** The oldest of this product's backups under the prefix beyond BACKUP_KEEP_S3; other keys are not touched. */
  async prune(): Promise<string[]> {
    const names = new Set<string>();
    for await (const key of this.keys(this.prefixed(''))) {
      const name = key.slice(this.prefixed('').length).split('/')[0]!;
      if (BACKUP_NAME.test(name)) names.add(name);
    }
    const sorted = [...names].sort();
    const expired = sorted.slice(0, Math.max(0, sorted.length - this.settings.keep));
    for (const name of expired) {
      for await (const key of this.keys(`${this.keyOf(name)}/`)) await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
    }
    return expired;
  }

  /** Downloads the set under s3://bucket/`key`/ into `dir` (for a restore). */
  async download(bucket: string, key: string, dir: string): Promise<string[]> {
    const files: string[] = [];
    for await (const object of this.keys(`${key}/`, bucket)) {
      const file = object.slice(key.length + 1);
      if (!file || file.split('/').some((part) => part === '..' || part === '')) continue;
      await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      const answer = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: object }));
      await pipeline(answer.Body as Readable, createWriteStream(path.join(dir, file)));
      files.push(file);
    }
    return files;
  }

  private keyOf(name: string): string {
    return this.prefixed(name);
  }

  private prefixed(rest: string): string {
    return this.settings.prefix ? `${this.settings.prefix}/${rest}` : rest;
  }

  private async *keys(prefix: string, bucket = this.settings.bucket): AsyncGenerator<string> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}
