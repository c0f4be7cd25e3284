import type { Verification } from '../integrity/manifest.js';
import type { VerifyState } from './journal-archive.entity.js';

/**
 * What a check of a set says of one of its files: the trouble named against that file, else a trouble of the
 * set as a whole (its manifest missing, its signature wrong: nothing in it can be trusted), else `ok`.
 */
export function stateOf(file: string, verification: Verification): VerifyState {
  const own = verification.problems.find((p) => p.file === file);
  if (own) return own.kind;
  const whole = verification.problems.find((p) => p.kind === 'bad-signature' || p.kind === 'no-manifest');
  return whole?.kind ?? 'ok';
}
