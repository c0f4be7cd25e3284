// Builds dist/ for `npm start`, doing only what changed: nothing when no source changed (a fingerprint of the
// sources' contents), else an incremental `tsc` (it re-emits only what the change reaches), then removes what a
// deleted source left behind and copies the panel's static files. `--clean` builds from scratch.
// Plain Node.js on purpose: it runs before anything is compiled.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const DIST = 'dist';
const FINGERPRINT = path.join(DIST, '.sources-fingerprint');
const BUILD_INFO = path.join(DIST, '.tsbuildinfo');
const STATIC_DIRS = ['admin/adminjs/public', 'admin/sandbox/public', 'admin/mini-app/public'];
const CONFIG_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs'];

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

const buildConfig = JSON.parse(fs.readFileSync('tsconfig.build.json', 'utf8'));
const roots = buildConfig.include;

/** Every file the build reads, in a stable order. */
function sources() {
  const files = [...CONFIG_FILES];
  const walk = (entry) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(entry).sort()) walk(path.join(entry, name));
    } else if (/\.(ts|tsx|js|mjs|css|html|json|svg|png|woff2?|ttf)$/.test(entry) && !entry.endsWith('.test.ts')) {
      files.push(entry);
    }
  };
  for (const root of [...roots, ...STATIC_DIRS]) walk(root);
  return [...new Set(files)];
}

function fingerprint() {
  const hash = createHash('sha256');
  for (const file of sources()) {
    hash.update(file).update('\0');
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** An emitted file whose source is gone (a deleted or renamed .ts) would still be imported by a stale path. */
function removeOrphans(dir = DIST) {
  for (const name of fs.readdirSync(dir)) {
    const entry = path.join(dir, name);
    if (fs.statSync(entry).isDirectory()) {
      if (STATIC_DIRS.some((s) => entry === path.join(DIST, s))) continue;
      removeOrphans(entry);
      if (fs.readdirSync(entry).length === 0) fs.rmdirSync(entry);
      continue;
    }
    const match = /^(.*)\.(js|js\.map|d\.ts)$/.exec(path.relative(DIST, entry));
    if (match && !fs.existsSync(`${match[1]}.ts`)) fs.rmSync(entry);
  }
}

const clean = process.argv.includes('--clean');
if (clean) fs.rmSync(DIST, { recursive: true, force: true });
const wanted = fingerprint();
if (!clean && fs.existsSync(FINGERPRINT) && fs.readFileSync(FINGERPRINT, 'utf8') === wanted) {
  console.log(`dist/ is up to date (checked in ${seconds()} s)`);
  process.exit(0);
}

fs.rmSync(FINGERPRINT, { force: true }); // a build stopped half-way must not pass for a whole one
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', BUILD_INFO], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
removeOrphans();
for (const dir of STATIC_DIRS) {
  fs.rmSync(path.join(DIST, dir), { recursive: true, force: true });
  if (fs.existsSync(dir)) fs.cpSync(dir, path.join(DIST, dir), { recursive: true });
}
fs.writeFileSync(FINGERPRINT, wanted);
console.log(`dist/ built in ${seconds()} s`);
