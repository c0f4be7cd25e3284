import type { CurrentAdmin, ResourceWithOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import { RecordResource, type RowSource } from './record-resource.js';
import { sessionActor } from './request-actor.js';

// Accounts span schools, so only the deployment's own administrator sees them (its actor of this request,
// not what the session remembers of the login); AdminJS enforces isAccessible on the server as well as
// hiding the buttons, and the core refuses anyone else anyway.
const deploymentOnly = ({ currentAdmin }: { currentAdmin?: CurrentAdmin }) => sessionActor(currentAdmin)?.kind === 'deployment';

function accountSource(core: Core): RowSource {
  const accounts = core.panel.accounts;
  return {
    fields: accounts.fields(),
    list: (actor, query) => accounts.list(actor, query),
    count: (actor, filters) => accounts.count(actor, filters),
    get: (id, actor) => accounts.get(id, actor),
    getMany: (ids, actor) => accounts.getMany(ids, actor),
    // «Удалить учётную запись»: the only change this list makes to a login (a member of staff's is given,
    // disabled and reset from its staff record). No create or edit: nothing sent from here can link a login
    // to a member of staff or set its deployment flag.
    remove: (id, actor) => accounts.remove(id, actor),
  };
}

export function panelAccountsResource(core: Core): ResourceWithOptions {
  return {
    resource: new RecordResource(core, 'AdminAccount', accountSource(core)),
    options: {
      navigation: { name: 'Доступ', icon: 'Key' },
      listProperties: ['email', 'staff', 'deployment', 'disabledAt', 'lastLoginAt', 'createdAt'],
      showProperties: ['email', 'staff', 'deployment', 'disabledAt', 'mustChangePassword', 'lastLoginAt', 'createdAt', 'updatedAt'],
      properties: { passwordHash: { isVisible: false } },
      actions: {
        list: { isAccessible: deploymentOnly },
        show: { isAccessible: deploymentOnly },
        search: { isAccessible: deploymentOnly },
        new: { isAccessible: false },
        edit: { isAccessible: false },
        delete: { isAccessible: deploymentOnly, icon: 'UserX' },
        bulkDelete: { isAccessible: false },
      },
    },
  };
}
