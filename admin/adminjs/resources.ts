import type { ResourceWithOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import { AdminAccount } from '../../core/panel/admin-account.entity.js';

/** The panel's resources. Domain modules add theirs here with Russian labels and navigation groups. */
export function panelResources(core: Core): ResourceWithOptions[] {
  return [
    {
      resource: { model: AdminAccount, orm: core.orm },
      options: {
        navigation: { name: 'Доступ', icon: 'Key' },
        listProperties: ['email', 'lastLoginAt', 'createdAt'],
        showProperties: ['email', 'mustChangePassword', 'lastLoginAt', 'createdAt', 'updatedAt'],
        properties: { passwordHash: { isVisible: false } },
        actions: { new: { isAccessible: false }, edit: { isAccessible: false }, delete: { isAccessible: false }, bulkDelete: { isAccessible: false } },
      },
    },
  ];
}
