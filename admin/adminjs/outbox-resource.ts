import type { Filter, ResourceWithOptions } from 'adminjs';
import type { Core } from '../../core/core.js';
import type { OutboxRow } from '../../core/day-summary/outbox-list.js';
import { NOTIFICATION_KINDS, NOTIFICATION_STATUSES } from '../../core/notifications/notification-kinds.js';
import type { CoreResourceSource } from './core-resource.js';
import { readOnly } from './messages-resources.js';
import { shownTo } from './visibility.js';

const params = (row: OutboxRow) => ({ ...row, student: row.student ?? '—', sentAt: row.sentAt ?? null });

/**
 * «Уведомления» (D10): the outbox behind the day summary's «ждут отправки» and «не доставлены», read-only, for
 * those who hold summary.view; the core scopes it (a class teacher: its classes' families).
 */
export function outboxResource(core: Core): ResourceWithOptions {
  const columns: CoreResourceSource['columns'] = [
    ['createdAt', 'datetime'], ['kind', 'string'], ['recipient', 'string'], ['student', 'string'], ['status', 'string'], ['attempts', 'number'], ['sentAt', 'datetime'],
  ];
  const status = (filter: Filter) => {
    const value = filter.filters.status?.value;
    return typeof value === 'string' ? value : undefined;
  };
  return readOnly({
    id: 'Notification',
    columns,
    list: async (actor, filter, page) => {
      const { rows, total } = await core.outboxList.list(actor, { ...page, ...(status(filter) ? { status: status(filter) } : {}) });
      return { rows: rows.map(params), total };
    },
    get: async (actor, id) => params(await core.outboxList.get(id, actor)),
  }, core, shownTo('summary.view'), {
    listProperties: ['createdAt', 'kind', 'recipient', 'student', 'status', 'attempts'],
    showProperties: ['createdAt', 'kind', 'recipient', 'student', 'status', 'attempts', 'sentAt'],
    filterProperties: ['status'],
    sort: { sortBy: 'createdAt', direction: 'desc' },
    properties: {
      id: { isVisible: false },
      status: { availableValues: NOTIFICATION_STATUSES.map((value) => ({ value, label: value })) },
      kind: { availableValues: NOTIFICATION_KINDS.map((value) => ({ value, label: value })) },
    },
  });
}
