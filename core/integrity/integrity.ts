import { requireAccess } from '../access/policy.js';
import type { Actor } from '../access/actor.js';
import { loadOrCreateKeyPair, type SigningKeys } from './key-store.js';

/**
 * The deployment's signing key as the rest of the core uses it: archives and backups sign their sets with
 * `keys()`, the panel hands out the public key to those who may check a set (F3).
 */
export class Integrity {
  private loaded: Promise<SigningKeys> | undefined;

  constructor(private readonly keysDir: string) {}

  /** The key pair, created in KEYS_DIR on first use and read once per process. */
  keys(): Promise<SigningKeys> {
    this.loaded ??= loadOrCreateKeyPair(this.keysDir).catch((err: unknown) => {
      this.loaded = undefined;
      throw err;
    });
    return this.loaded;
  }

  /** The public key in PEM for the heads and the administrator (`integrity.view`): what verifying a set needs. */
  async publicKeyPem(actor: Actor): Promise<string> {
    requireAccess(actor, 'integrity.view');
    return (await this.keys()).publicKeyPem();
  }
}
