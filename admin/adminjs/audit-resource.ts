import type { ResourceWithOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import { resource } from './resource.js';

/**
 * «Журнал изменений» (B4): every change of the school, newest first, for the administrator and the
 * director (permission audit.view). Written only by the services; nobody edits or deletes a line. Its
 * entity is chosen from the list of audited kinds (the core's description of the field), shown by its
 * translated label.
 */
export function auditResource(core: Core): ResourceWithOptions {
  return resource(core, 'AuditEntry', 'access', {
    listProperties: ['at', 'source', 'actorStaff', 'action', 'entity', 'entityId'],
    filterProperties: ['at', 'source', 'action', 'entity', 'actorStaff'],
    showProperties: ['at', 'school', 'source', 'actorKind', 'actorStaff', 'actorAccountId', 'action', 'entity', 'entityId', 'before', 'after'],
    properties: {
      at: { type: 'datetime' },
      before: { type: 'textarea' },
      after: { type: 'textarea' },
    },
    sort: { sortBy: 'at', direction: 'desc' },
  }, true);
}
