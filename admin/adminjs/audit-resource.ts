import type { BaseResource, ResourceWithOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import { RECORD_KINDS } from '../../core/records/record-kinds.js';
import { resource } from './resource.js';

/** The entities whose changes the log names, by the ORM's name (labels.<lang>.json names them in words). */
const AUDITED = Object.values(RECORD_KINDS).map((k) => k.entity.meta.className).filter((name) => name !== 'AuditEntry');

/**
 * «Журнал изменений» (B4): every change of the school, newest first, for the administrator and the
 * director (permission audit.view). Written only by the services; nobody edits or deletes a line.
 */
export function auditResource(core: Core): ResourceWithOptions {
  const audit = resource(core, 'AuditEntry', 'access', {
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
  // The entity is a name from a known list: chosen from it in the filter (and matched exactly, not as a
  // substring: «Student» must not find «StudentGuardian»), shown by its translated label in the list.
  const entity = (audit.resource as BaseResource).property('entity');
  if (entity) entity.availableValues = () => AUDITED;
  return audit;
}
