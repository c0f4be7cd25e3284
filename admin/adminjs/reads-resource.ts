import type { ResourceWithOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import { READ_RESOURCES } from './read-resources.js';
import { resource } from './resource.js';

/**
 * «Журнал доступа к ПДн» (G4): who read whose personal data, what, how many people, when and from where,
 * newest first, for the administrator and the director (permission reads.view). Written only by the core's
 * reads log; nobody edits or deletes a line (no such actions here, and the database refuses them).
 */
export function readsResource(core: Core): ResourceWithOptions {
  return resource(core, 'PersonalDataRead', 'access', {
    listProperties: ['at', 'actorStaff', 'channel', 'kind', 'resource', 'people', 'address'],
    filterProperties: ['at', 'actorStaff', 'channel', 'kind', 'resource'],
    showProperties: ['at', 'school', 'actorKind', 'actorStaff', 'actorAccountId', 'channel', 'address', 'kind', 'resource', 'recordId', 'detail', 'people'],
    // Named in words (read-resources.ts), and chosen from a list in the filter.
    properties: { at: { type: 'datetime' }, resource: { availableValues: READ_RESOURCES.map((value) => ({ value, label: value })) } },
    sort: { sortBy: 'at', direction: 'desc' },
  }, true);
}
