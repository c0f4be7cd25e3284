import type { Actor } from '../../core/access/actor.js';
import { can } from '../../core/access/policy.js';
import type { Permission } from '../../core/access/permissions.js';

/**
 * The panel's own pages (AdminJS `pages`, drawn by our scripts in public/), each with the grant that shows
 * it in the sidebar. The routes behind a page check the rights again on every request.
 */
const PAGES = {
  // «Журнал»: class → subject → period, drawn from /data/journal/view (journal-routes.ts).
  journal: { component: 'KlassnyJournal', icon: 'Book', permission: 'journal.view' },
  // «Отчёты» (E1–E9): the form from /reports/choices, the file from /reports/download (report-routes.ts).
  reports: { component: 'KlassnyReports', icon: 'BarChart2', permission: 'reports.view' },
  // «Резервные копии» (F2): the last runs and «Сделать копию сейчас», from /backups (backup-routes.ts).
  backups: { component: 'KlassnyBackups', icon: 'HardDrive', permission: 'backups.manage' },
  // «Архив» (F1, F4): the list from /archive/list, the files from /archive/download/:id (archive-routes.ts).
  archive: { component: 'KlassnyArchive', icon: 'Archive', permission: 'archive.view' },
} satisfies Record<string, { component: string; icon: string; permission: Permission }>;

/** The pages as AdminJS's options take them. */
export const panelPages = () => Object.fromEntries(Object.entries(PAGES).map(([name, { component, icon }]) => [name, { component, icon }]));

/** The names of the pages the actor's sidebar shows (none without an actor: the login page). */
export const pagesShownTo = (actor: Actor | undefined): string[] =>
  actor ? Object.entries(PAGES).filter(([, page]) => can(actor, page.permission)).map(([name]) => name) : [];
