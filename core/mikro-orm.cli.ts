// Configuration for the MikroORM CLI (`npm run migration:create`): the same database `npm start` uses.
import { loadConfig } from './base/config.js';
import { createLogger } from './base/logger.js';
import { openDatabaseServer } from './db/connection.js';
import { ormOptions } from './orm-options.js';

const server = await openDatabaseServer(loadConfig(), createLogger('warn'));
// The CLI exits without closing us; the embedded server is stopped by the next start's recovery if not here.
process.once('beforeExit', () => void server.stop());

export default ormOptions(server.connection);
