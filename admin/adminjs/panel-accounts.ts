import { Resource } from '@adminjs/mikroorm';
import type { CurrentAdmin, ResourceWithOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import { AdminAccount } from '../../core/panel/admin-account.entity.js';

// Accounts span schools, so only the deployment's own administrator sees them; AdminJS enforces
// isAccessible on the server as well as hiding the buttons.
const deploymentOnly = ({ currentAdmin }: { currentAdmin?: CurrentAdmin }) => (currentAdmin as { deployment?: boolean } | undefined)?.deployment === true;

export function panelAccountsResource(core: Core): ResourceWithOptions {
  return {
    resource: new Resource({ model: AdminAccount as never, orm: core.orm }),
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
