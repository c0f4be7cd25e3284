import type { EntityManager } from '@mikro-orm/postgresql';
import { localDate } from '../time/local-date.js';
import { Announcement } from '../notifications/announcement.entity.js';
import { shortName } from '../people/display-name.js';
import { enrollmentOn, type DiaryScope } from './diary-scope.js';

export interface DiaryAnnouncement {
  id: number;
  title: string | null;
  text: string;
  /** The class it was addressed to; null for the whole school. */
  group: string | null;
  author: string | null;
  createdAt: Date;
  /** The day it was made, in the school's time zone. */
  date: string;
}

export const ANNOUNCEMENT_DAYS = 30;

/** D8: the school's announcements and those of the student's class of the last 30 days, newest first. */
export async function announcements(em: EntityManager, scope: DiaryScope, now: Date): Promise<DiaryAnnouncement[]> {
  const since = new Date(now.getTime() - ANNOUNCEMENT_DAYS * 24 * 3600 * 1000);
  const group = enrollmentOn(scope, scope.today)?.group.id;
  const rows = await em.find(Announcement, {
    school: scope.school.id,
    createdAt: { $gte: since, $lte: now },
    $or: [{ group: null }, ...(group !== undefined ? [{ group }] : [])],
  }, { populate: ['group', 'author'], orderBy: { createdAt: 'desc', id: 'desc' } });
  return rows.map((a) => ({
    id: a.id,
    title: a.title ?? null,
    text: a.text,
    group: a.group?.name ?? null,
    author: a.author ? shortName(a.author) : null,
    createdAt: a.createdAt,
    date: localDate(a.createdAt, scope.school.timeZone),
  }));
}
