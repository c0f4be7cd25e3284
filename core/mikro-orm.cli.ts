// Configuration for the MikroORM CLI (`npm run migration:create`): the same database `npm start` uses.
import { Migrator } from '@mikro-orm/migrations';
import { createLogger } from './base/logger.js';
import { openDatabaseServer } from './db/connection.js';
import { ormOptions } from './orm-options.js';
import { configFromEnvironment } from './config.js';

const server = await openDatabaseServer(configFromEnvironment(), createLogger('warn'));
// The CLI exits without closing us; the embedded server is stopped by the next start's recovery if not here.
process.once('beforeExit', () => void server.stop());

export default { ...ormOptions(server.connection), extensions: [Migrator] };
