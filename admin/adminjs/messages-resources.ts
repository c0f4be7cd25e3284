import type { Filter, ResourceWithOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import type { TFunction } from '../../core/i18n/i18n.js';
import type { AnnouncementRow } from '../../core/messages/announcements.js';
import type { ThreadSummary, ThreadView } from '../../core/messages/thread-queries.js';
import type { DigestRow } from '../../core/messages/weekly-digests.js';
import { CoreResource, type CoreResourceSource } from './core-resource.js';
import { shownTo } from './visibility.js';

const never = () => false;
const NAVIGATION = { name: 'Сообщения', icon: 'MessageSquare' };

/** The actions of a resource the core fills: reading for `canRead`, creating only where given. */
type Gate = ReturnType<typeof shownTo> | (() => boolean);

export function readOnly(source: CoreResourceSource, core: Core, canRead: Gate, options: Record<string, unknown>, canCreate: Gate = never): ResourceWithOptions {
  return {
    resource: new CoreResource(core, source),
    options: {
      navigation: NAVIGATION,
      properties: { id: { isVisible: false } },
      ...options,
      actions: {
        list: { isAccessible: canRead },
        show: { isAccessible: canRead },
        search: { isAccessible: never },
        new: { isAccessible: canCreate },
        edit: { isAccessible: never },
        delete: { isAccessible: never },
        bulkDelete: { isAccessible: never },
      },
    },
  };
}

function when(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('ru-RU', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

function threadParams(row: ThreadSummary) {
  return { id: row.id, guardian: row.guardian.name, student: row.student.name, staff: row.staff.name, messages: row.messages, lastAt: row.lastAt };
}

/** The messages of a thread, oldest first, as one text. */
function conversation(view: ThreadView, t: TFunction): string {
  return view.items.map((m) => {
    const who = m.author === 'guardian' ? t('messages:panel.guardian', { name: view.guardian.name }) : t('messages:panel.teacher', { name: view.staff.name });
    return `${when(m.createdAt, view.timeZone)} — ${who}:\n${m.text}`;
  }).join('\n\n');
}

/** «Переписка» (D9): every thread of the school with its messages, for the administrator and the director, read-only. */
export function messageThreadResource(core: Core): ResourceWithOptions {
  const columns: CoreResourceSource['columns'] = [['lastAt', 'datetime'], ['guardian', 'string'], ['student', 'string'], ['staff', 'string'], ['messages', 'number'], ['conversation', 'textarea']];
  return readOnly({
    id: 'MessageThread',
    columns,
    list: async (actor, _filter, page) => {
      const { rows, total } = await core.messages.list(actor, page);
      return { rows: rows.map(threadParams), total };
    },
    get: async (actor, id, t) => {
      const view = await core.messages.read(id, actor);
      return { ...threadParams(view), conversation: conversation(view, t) };
    },
  }, core, shownTo('messages.view'), {
    listProperties: ['lastAt', 'guardian', 'student', 'staff', 'messages'],
    showProperties: ['guardian', 'student', 'staff', 'messages', 'conversation'],
  });
}

function announcementParams({ announcement, author, group, recipients }: AnnouncementRow, t: TFunction) {
  return {
    id: announcement.id,
    createdAt: announcement.createdAt,
    group: announcement.group?.id ?? null,
    groupName: group ?? t('messages:panel.wholeSchool'),
    title: announcement.title ?? '',
    text: announcement.text,
    author: author ?? '—',
    recipients,
  };
}

/**
 * «Объявления» (D8): the administrator writes to the whole school or to a class, a class teacher to its own
 * classes; the core checks it, saves and sends. Announcements are not changed once sent.
 */
export function announcementResource(core: Core): ResourceWithOptions {
  const columns: CoreResourceSource['columns'] = [
    ['createdAt', 'datetime'], ['groupName', 'string'], ['group', 'reference'], ['title', 'string'], ['text', 'textarea'], ['author', 'string'], ['recipients', 'number'],
  ];
  return readOnly({
    id: 'Announcement',
    columns,
    list: async (actor, _filter, page, t) => {
      const { rows, total } = await core.announcements.list(actor, page);
      return { rows: rows.map((row) => announcementParams(row, t)), total };
    },
    get: async (actor, id, t) => announcementParams(await core.announcements.get(id, actor), t),
    create: async (actor, params, t) => {
      const created = await core.announcements.create({
        groupId: params.group ? Number(params.group) : null,
        title: typeof params.title === 'string' ? params.title : null,
        text: typeof params.text === 'string' ? params.text : '',
      }, actor);
      return announcementParams(await core.announcements.get(created.id, actor), t);
    },
  }, core, shownTo('announcements.view'), {
    listProperties: ['createdAt', 'groupName', 'title', 'author', 'recipients'],
    showProperties: ['createdAt', 'groupName', 'title', 'text', 'author', 'recipients'],
    editProperties: ['group', 'title', 'text'],
    properties: {
      id: { isVisible: false },
      group: { type: 'reference', reference: 'Group', description: 'announcementGroupDescription' },
      text: { type: 'textarea', isRequired: true },
    },
  }, shownTo('announcements.edit'));
}

function digestParams({ digest, guardian, student, group }: DigestRow) {
  return {
    id: digest.id,
    weekStart: digest.weekStart,
    student,
    groupName: group ?? '—',
    guardian,
    sentAt: digest.sentAt ?? null,
    acknowledged: digest.acknowledgedAt !== null && digest.acknowledgedAt !== undefined,
    acknowledgedAt: digest.acknowledgedAt ?? null,
  };
}

const booleanFilter = (filter: Filter, path: string): boolean | undefined => {
  const value = filter.filters[path]?.value;
  return value === 'true' ? true : value === 'false' ? false : undefined;
};

/** «Еженедельные сводки» (D11): who got the week's digest and who acknowledged it; a class teacher sees its classes. */
export function weeklyDigestResource(core: Core): ResourceWithOptions {
  const columns: CoreResourceSource['columns'] = [
    ['weekStart', 'date'], ['student', 'string'], ['groupName', 'string'], ['guardian', 'string'], ['sentAt', 'datetime'], ['acknowledged', 'boolean'], ['acknowledgedAt', 'datetime'],
  ];
  return readOnly({
    id: 'WeeklyDigest',
    columns,
    list: async (actor, filter, page) => {
      const acknowledged = booleanFilter(filter, 'acknowledged');
      const { rows, total } = await core.digests.list(actor, { ...page, ...(acknowledged !== undefined ? { acknowledged } : {}) });
      return { rows: rows.map(digestParams), total };
    },
    get: async (actor, id) => digestParams(await core.digests.get(id, actor)),
  }, core, shownTo('digests.view'), {
    listProperties: ['weekStart', 'student', 'groupName', 'guardian', 'acknowledged', 'acknowledgedAt'],
    showProperties: ['weekStart', 'student', 'groupName', 'guardian', 'sentAt', 'acknowledged', 'acknowledgedAt'],
    filterProperties: ['acknowledged'],
  });
}
