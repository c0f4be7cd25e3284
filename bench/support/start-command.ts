import fs from 'node:fs/promises';

/**
 * The node flags `npm start` gives the server: package.json's start script is `node <flags> dist/main.js`,
 * so a benchmark that spawns `node dist/main.js` itself runs it with the same V8 settings as an operator's.
 */
export async function npmStartNodeFlags(): Promise<string[]> {
  const start = (JSON.parse(await fs.readFile('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.trim().split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'dist/main.js' || words.slice(1, -1).some((w) => !w.startsWith('--'))) {
    throw new Error(`package.json's start script is not «node [--flag…] dist/main.js»: ${start}`);
  }
  return words.slice(1, -1);
}
