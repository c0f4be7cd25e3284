import type { MikroORM } from '@mikro-orm/postgresql';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../core/base/config.js';
import type { Core } from '../core/core.js';
import type { Logger } from '../core/base/logger.js';

/** A command of `npm run cli`, run by cli.ts. */
export interface Command {
  usage: string;
  summary: string;
  /** Runs with the database at the current schema and a core (`orm`: the command line is a composition root of its own, like app.ts). */
  needs?: undefined;
  run(core: Core, args: string[], orm: MikroORM): Promise<void>;
}

/** A command that needs only the configuration, no database (offline tools such as archive:verify). */
export interface OfflineCommand {
  usage: string;
  summary: string;
  needs: 'none';
  run(config: Config, args: string[]): Promise<void>;
}

/**
 * A command that needs the database server and an ORM on it, but not the current schema: `restore` decides
 * which migrations run.
 */
export interface DatabaseCommand {
  usage: string;
  summary: string;
  needs: 'database';
  run(config: Config, args: string[], database: { orm: MikroORM; log: Logger }): Promise<void>;
}

export type AnyCommand = Command | OfflineCommand | DatabaseCommand;

/** The command line was wrong; exit code 2. */
export class UsageError extends Error {}

/** The command ran and was refused; its message (in Russian) says why. */
export class CommandFailed extends Error {}

/** A command's own --options, read from the raw arguments (the dispatcher passes positionals only). */
export function commandOptions<T extends NonNullable<ParseArgsConfig['options']>>(options: T) {
  try {
    return parseArgs({ args: process.argv.slice(2), options, allowPositionals: true as const, strict: true as const });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
