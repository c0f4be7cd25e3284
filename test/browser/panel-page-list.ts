import type { Page } from 'playwright-core';

/** One page of the panel as a person opens it: its path under the server and what it shows. */
export interface PanelPage {
  path: string;
  kind: 'home' | 'list' | 'new' | 'show' | 'edit' | 'page';
}

interface ResourceState {
  id: string;
  resourceActions: { name: string }[];
  actions: { name: string; actionType: string }[];
}

/**
 * Every page the signed-in person's panel offers, read from the panel itself (its resources and pages as
 * AdminJS's state holds them for this person): the home page, each resource's list and «Создать» form, the
 * card and the edit form of its first record, and our own pages. `page` must be on a page of the panel.
 */
export async function panelPages(page: Page): Promise<PanelPage[]> {
  const state = await page.evaluate(() => {
    const redux = (globalThis as unknown as { REDUX_STATE: { resources: ResourceState[]; pages: { name: string }[] }; KLASSNY_PAGES: string[] });
    return { resources: redux.REDUX_STATE.resources, pages: redux.KLASSNY_PAGES };
  });
  const pages: PanelPage[] = [{ path: '/admin', kind: 'home' }];
  for (const resource of state.resources) {
    const has = (name: string) => resource.resourceActions.some((a) => a.name === name);
    const base = `/admin/resources/${resource.id}`;
    if (has('list')) pages.push({ path: base, kind: 'list' });
    if (has('new')) pages.push({ path: `${base}/actions/new`, kind: 'new' });
    if (!has('list')) continue;
    const first = await page.evaluate(async (url) => {
      const res = await fetch(url, { credentials: 'same-origin' });
      const body = (await res.json()) as { records?: { id: string; recordActions: { name: string }[] }[] };
      return body.records?.[0];
    }, `/admin/api${base.replace('/admin', '')}/actions/list?perPage=1`);
    if (!first) continue;
    for (const action of ['show', 'edit'] as const) {
      if (first.recordActions.some((a) => a.name === action)) pages.push({ path: `${base}/records/${first.id}/${action}`, kind: action });
    }
  }
  for (const name of state.pages) pages.push({ path: `/admin/pages/${name}`, kind: 'page' });
  return pages;
}

// What a page's own request is (a list's rows, a record), and the element drawn once its answer is in.
const ANSWER: Partial<Record<PanelPage['kind'], RegExp>> = {
  list: /\/admin\/api\/resources\/[^/]+\/actions\/list/,
  show: /\/admin\/api\/resources\/[^/]+\/records\/[^/]+\/show/,
  edit: /\/admin\/api\/resources\/[^/]+\/records\/[^/]+\/edit/,
};
const DRAWN: Record<PanelPage['kind'], string> = {
  home: '[data-css="app-content"]',
  page: '[data-css="app-content"]',
  list: '[data-css$="-list-table-wrapper"]',
  show: '[data-css$="-show-drawer-content"]',
  edit: '[data-css$="-edit-form"]',
  new: '[data-css$="-new-form"]',
};

/**
 * Opens a page of the panel by a full load and waits until it has drawn what it fetches: its own request
 * answered, its content on the page, and its text still for half a second (on a busy machine the page's
 * request can start after the network first went quiet, and a scan of the half-drawn page would prove nothing).
 */
export async function openFully(page: Page, base: string, path: string, kind: PanelPage['kind'] = 'page'): Promise<void> {
  const request = ANSWER[kind];
  const answered = request ? page.waitForResponse((res) => request.test(res.url()), { timeout: 60_000 }) : undefined;
  await page.goto(base + path, { waitUntil: 'networkidle' });
  await answered;
  await page.waitForSelector(DRAWN[kind], { state: 'attached', timeout: 60_000 });
  await page.waitForFunction(() => {
    const w = globalThis as unknown as { document: { body: { innerText: string } | null }; klassnyText?: string; klassnyAt?: number };
    const text = w.document.body?.innerText ?? '';
    if (text !== w.klassnyText) {
      w.klassnyText = text;
      w.klassnyAt = Date.now();
      return false;
    }
    return Date.now() - (w.klassnyAt ?? 0) >= 500;
  }, undefined, { polling: 100, timeout: 60_000 });
}
