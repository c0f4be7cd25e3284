import fs from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// `engines` promises a Node.js version; every installed package must accept the oldest one it promises,
// or `npm install` warns (EBADENGINE) and the package may use what that Node.js lacks. Optional packages
// that npm skipped (another platform's binary, or one refusing this Node.js) are not installed and do not count.
const root = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
};

describe('the Node.js version in engines', () => {
  it('is accepted by every package in the lock file', () => {
    const oldest = semver.minVersion(root.engines.node)!.version;
    const refusing = Object.entries(lock.packages)
      .filter(([where, pkg]) => where !== '' && !Array.isArray(pkg.engines) && pkg.engines?.node && fs.existsSync(where))
      .filter(([, pkg]) => !semver.satisfies(oldest, (pkg.engines as { node: string }).node))
      .map(([where, pkg]) => `${where.replace(/^.*node_modules\//, '')}@${pkg.version} needs ${(pkg.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});
