import type { EntityManager } from '@mikro-orm/postgresql';
import { actsEverywhere, type Actor } from '../access/actor.js';
import { can, scopesOf } from '../access/policy.js';
import { AccessDenied } from '../base/errors.js';
import type { ArchiveKind, VerifyState } from './journal-archive.entity.js';

/** A line of «Архив»: one file of a set, as the panel lists it (no path: files are reached by id alone). */
export interface ArchiveLine {
  id: number;
  /** The files of one making share it. */
  set: string;
  kind: ArchiveKind;
  school: string;
  className: string;
  yearName: string;
  madeAt: string;
  madeBy: string;
  size: number;
  expiresOn: string;
  verifiedAt: string | null;
  verifyState: VerifyState | null;
  deletedAt: string | null;
}

export interface ArchiveOverview {
  lines: ArchiveLine[];
  /** The classes the actor may archive now (`archive.manage`), newest year first; empty for those who may only look. */
  classes: { id: number; name: string; year: string; school: string }[];
  /** Whether the actor may make and check archives (`archive.manage`). */
  canManage: boolean;
  /** Whether the actor may download the public key that checks the sets (`integrity.view`). */
  publicKey: boolean;
}

interface LineRow {
  id: number; set_dir: string; kind: ArchiveKind; school: string; class_name: string; year_name: string; made_at: Date | string; made_by: string; size: string | number;
  expires_on: string; verified_at: Date | string | null; verify_state: VerifyState | null; deleted_at: Date | string | null; school_id: number; group_id: number | null;
}

/** A timestamp as the driver hands it (a Date, or text when read raw) in ISO form. */
const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

/**
 * The archives the actor may see (`archive.view`: the heads their school's, a class teacher its classes'),
 * newest year first, and the classes it may archive. An actor without the right is refused.
 */
export async function archiveOverview(em: EntityManager, actor: Actor): Promise<ArchiveOverview> {
  const scopes = scopesOf(actor, 'archive.view');
  if (scopes.size === 0 || (!actsEverywhere(actor) && actor.schoolId === undefined)) throw new AccessDenied('archive.view');
  const where = actsEverywhere(actor) ? '' : 'where a.school_id = ?';
  const bindings = actsEverywhere(actor) ? [] : [actor.schoolId];
  const rows = await em.execute<LineRow[]>(
    `select a.id, a.set_dir, a.kind, sc.name as school, a.class_name, a.year_name, a.made_at, a.made_by, a.size, to_char(a.expires_on, 'YYYY-MM-DD') as expires_on,
            a.verified_at, a.verify_state, a.deleted_at, a.school_id, a.group_id
       from journal_archive a join school sc on sc.id = a.school_id ${where}
      order by a.year_name desc, a.class_name, a.made_at desc, a.kind`, bindings);
  const lines = rows
    .filter((r) => can(actor, 'archive.view', { schoolId: r.school_id, groupIds: r.group_id === null ? [] : [r.group_id] }))
    .map((r): ArchiveLine => ({
      id: r.id, set: r.set_dir, kind: r.kind, school: r.school, className: r.class_name, yearName: r.year_name, madeAt: iso(r.made_at)!, madeBy: r.made_by,
      size: Number(r.size), expiresOn: r.expires_on, verifiedAt: iso(r.verified_at), verifyState: r.verify_state, deletedAt: iso(r.deleted_at),
    }));
  const canManage = can(actor, 'archive.manage');
  const classes = canManage ? (await em.execute<{ id: number; name: string; year: string; school: string }[]>(
    `select g.id, g.name, y.name as year, sc.name as school from school_group g join academic_year y on y.id = g.year_id join school sc on sc.id = g.school_id
      ${actsEverywhere(actor) ? '' : 'where g.school_id = ?'} order by y.start_date desc, g.grade_level, g.name, g.id`, bindings)) : [];
  return { lines, classes, canManage, publicKey: can(actor, 'integrity.view') };
}
