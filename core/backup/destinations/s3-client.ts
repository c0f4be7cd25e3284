import { S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from '../../base/config.js';

/**
 * A client for any S3-compatible storage (AWS, MinIO, Yandex Object Storage, s3rver in tests): path-style
 * addresses (bucket names need no DNS of their own), credentials from the settings only (never a shared
 * credentials file or an instance profile), and checksums only where the API requires them — the newer
 * default checksums (CRC32 trailers) are refused by several compatible servers.
 */
export function s3Client(settings: Omit<S3Settings, 'bucket' | 'prefix' | 'keep'>): S3Client {
  return new S3Client({
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    region: settings.region,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

/** s3://bucket/prefix/name split up; undefined for anything else. */
export function parseS3Url(url: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+?)\/*$/.exec(url);
  return match ? { bucket: match[1]!, key: match[2]! } : undefined;
}
