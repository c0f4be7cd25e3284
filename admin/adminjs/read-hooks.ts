import type { ActionContext, ActionRequest, ActionResponse, After, ResourceOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import type { RecordKindName } from '../../core/records/record-kinds.js';
import { actorOf } from './request-actor.js';

type Actions = NonNullable<ResourceOptions['actions']>;
type Params = Record<string, unknown>;

/** The actions that show no record of their own, or change one: not reads of a record page. */
const NOT_RECORD_PAGES = new Set(['list', 'show', 'edit', 'search', 'new', 'delete', 'bulkDelete']);

/**
 * Adds the reads log (G4) to a resource's list, show and edit-form pages, to the pages of its own record
 * actions («Пригласить», «Согласие», «Доступ к панели»…, which show the record's name) and to its search (the
 * reference pickers' and filters' autocomplete, which answers names): each page or answer is one call to the
 * core, which writes one line if it showed people (core/panel/panel-reads.ts). Saving the edit form is a
 * change, audited, not a read. A resource's own `after` hooks run after this one.
 */
export function withReadLog(core: Core, kind: RecordKindName, actions: Actions): Actions {
  const byName = actions as Record<string, { after?: unknown; actionType?: string } | undefined>;
  const logged = (action: string, hook: After<ActionResponse>) => {
    const own = byName[action]?.after as After<ActionResponse> | After<ActionResponse>[] | undefined;
    const after: After<ActionResponse>[] = [hook, ...(own ? (Array.isArray(own) ? own : [own]) : [])];
    return { ...byName[action], after } as never;
  };
  const record = (detail?: string): After<ActionResponse> => async (response, request: ActionRequest, context: ActionContext) => {
    const params = (response.record as { params?: Params } | undefined)?.params;
    if (params && request.method === 'get') await core.panel.logRead({ kind, action: 'record', rows: [params], ...(detail ? { detail } : {}) }, actorOf(context));
    return response;
  };
  const list: After<ActionResponse> = async (response, _request, context: ActionContext) => {
    const records = (response.records ?? []) as { params: Params }[];
    const page = (response.meta as { page?: number } | undefined)?.page;
    await core.panel.logRead({ kind, action: 'list', rows: records.map((r) => r.params), detail: page ? `page ${page}` : undefined }, actorOf(context));
    return response;
  };
  const search: After<ActionResponse> = async (response, request: ActionRequest, context: ActionContext) => {
    const records = (response.records ?? []) as { params: Params }[];
    const query = request.params.query;
    await core.panel.logRead({ kind, action: 'list', rows: records.map((r) => r.params), detail: query ? 'search' : 'search, all' }, actorOf(context));
    return response;
  };
  const recordPages = Object.entries(byName)
    .filter(([name, action]) => !NOT_RECORD_PAGES.has(name) && action?.actionType === 'record')
    .map(([name]) => [name, logged(name, record(name))] as const);
  return {
    ...actions, list: logged('list', list), show: logged('show', record()), edit: logged('edit', record()), search: logged('search', search),
    ...Object.fromEntries(recordPages),
  };
}
