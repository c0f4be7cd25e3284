import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// scripts/build.mjs on a project of two files: `npm start` must not rebuild what did not change.
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'klassny-build-'));
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  fs.writeFileSync(path.join(project, file), text);
};
const build = () => execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: project, encoding: 'utf8' });
const exists = (file: string) => fs.existsSync(path.join(project, file));

write('scripts/build.mjs', fs.readFileSync('scripts/build.mjs', 'utf8'));
fs.symlinkSync(path.resolve('node_modules'), path.join(project, 'node_modules'));
write('package.json', '{"type":"module"}');
write('package-lock.json', '{}');
write('tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', outDir: 'dist', rootDir: '.', types: [] } }));
write('tsconfig.build.json', JSON.stringify({ extends: './tsconfig.json', include: ['main.ts', 'core'] }));
write('main.ts', "export { one } from './core/one.js';\n");
write('core/one.ts', 'export const one = 1;\n');
write('admin/adminjs/public/panel.js', '// static\n');
write('admin/sandbox/public/sandbox.js', '// static\n');

afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

describe('the build before npm start', () => {
  it('compiles and copies the static files, then does nothing while nothing changes', () => {
    expect(build()).toMatch(/built in/);
    expect(exists('dist/main.js') && exists('dist/core/one.js') && exists('dist/admin/adminjs/public/panel.js')).toBe(true);
    const emitted = fs.statSync(path.join(project, 'dist/main.js')).mtimeMs;
    expect(build()).toMatch(/up to date/);
    expect(fs.statSync(path.join(project, 'dist/main.js')).mtimeMs).toBe(emitted);
  });

  it('rebuilds after a change, and removes what a deleted source left behind', () => {
    fs.rmSync(path.join(project, 'core/one.ts'));
    write('core/two.ts', 'export const two = 2;\n');
    write('main.ts', "export { two } from './core/two.js';\n");
    expect(build()).toMatch(/built in/);
    expect(exists('dist/core/two.js')).toBe(true);
    expect(exists('dist/core/one.js')).toBe(false);
    expect(fs.readFileSync(path.join(project, 'dist/main.js'), 'utf8')).toContain('two');
  });

  it('rebuilds when a static file of the panel changes', () => {
    write('admin/adminjs/public/panel.js', '// changed\n');
    expect(build()).toMatch(/built in/);
    expect(fs.readFileSync(path.join(project, 'dist/admin/adminjs/public/panel.js'), 'utf8')).toBe('// changed\n');
  });
});
