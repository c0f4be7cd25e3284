import type { CurrentAdmin, ResourceWithOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import { RecordResource, type RowSource } from './record-resource.js';

// Accounts span schools, so only the deployment's own administrator sees them; AdminJS enforces
// isAccessible on the server as well as hiding the buttons, and the core refuses anyone else anyway.
const deploymentOnly = ({ currentAdmin }: { currentAdmin?: CurrentAdmin }) => (currentAdmin as { deployment?: boolean } | undefined)?.deployment === true;

function accountSource(core: Core): RowSource {
  const accounts = core.panel.accounts;
  return {
    fields: accounts.fields(),
    list: (actor, query) => accounts.list(actor, query),
    count: (actor, filters) => accounts.count(actor, filters),
    get: (id, actor) => accounts.get(id, actor),
    getMany: (ids, actor) => accounts.getMany(ids, actor),
  };
}

export function panelAccountsResource(core: Core): ResourceWithOptions {
  return {
    resource: new RecordResource(core, 'AdminAccount', accountSource(core)),
    options: {
      navigation: { name: 'Доступ', icon: 'Key' },
      listProperties: ['email', 'staff', 'lastLoginAt', 'createdAt'],
      showProperties: ['email', 'staff', 'mustChangePassword', 'lastLoginAt', 'createdAt', 'updatedAt'],
      properties: { passwordHash: { isVisible: false } },
      actions: {
        list: { isAccessible: deploymentOnly },
        show: { isAccessible: deploymentOnly },
        search: { isAccessible: deploymentOnly },
        new: { isAccessible: false },
        edit: { isAccessible: false },
        delete: { isAccessible: false },
        bulkDelete: { isAccessible: false },
      },
    },
  };
}
