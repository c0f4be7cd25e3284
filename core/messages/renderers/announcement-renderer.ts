import type { TFunction } from '../../i18n/i18n.js';
import type { Notification } from '../../notifications/notification.entity.js';
import type { OutgoingMessage } from '../../notifications/sender.js';
import type { AnnouncementPayload } from '../announcements.js';
import { clip } from './format.js';

/** 'announcement' (D8): the school's or the class's announcement, with its title and author. */
export function renderAnnouncements(t: TFunction, rows: Notification[]): OutgoingMessage {
  const parts = rows.map((r) => {
    const p = r.payload as AnnouncementPayload;
    const header = p.group ? t('messages:notify.classAnnouncement', { group: p.group }) : t('messages:notify.schoolAnnouncement', { school: p.school });
    const title = p.title ? `\n${p.title}` : '';
    const author = p.author ? `\n\n— ${p.author}` : '';
    return `${header}${title}\n\n${p.text}${author}`;
  });
  return { text: clip(parts.join('\n\n———\n\n')) };
}
