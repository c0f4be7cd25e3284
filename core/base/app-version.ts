import { readFileSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/**
 * The product's version from its package.json (found above this file, under tsx or in dist/): backups record
 * which version made them.
 */
export function appVersion(): string {
  if (cached) return cached;
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'klassny' && manifest.version) return (cached = manifest.version);
    } catch {
      // not here: one directory up
    }
    if (path.dirname(dir) === dir) return (cached = 'unknown');
  }
}
