import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** s3rver's own credentials: it checks request signatures against them. */
export const S3RVER_KEY = 'S3RVER';

/**
 * A local S3-compatible server (s3rver) on a random loopback port, its objects in a temporary directory:
 * the backup's second destination in tests. `env` is what a deployment would set to use it.
 */
export async function startS3Server(bucket = 'klassny') {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    directory,
    env: { BACKUP_S3_ENDPOINT: endpoint, BACKUP_S3_BUCKET: bucket, BACKUP_S3_ACCESS_KEY_ID: S3RVER_KEY, BACKUP_S3_SECRET_ACCESS_KEY: S3RVER_KEY },
    async close() {
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}

/** A loopback port nobody listens on: a destination that refuses every connection. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
