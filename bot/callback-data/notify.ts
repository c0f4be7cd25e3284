import { NOTIFICATION_KINDS, type NotificationKind } from '../../core/notifications/notification.entity.js';

// The notification settings' buttons: `n1:<op>[:<arg>]`, versioned so that buttons of an older release read
// as stale. What they carry is only a wish: the server checks the account's bindings on every tap.

export type NotifyButton =
  | { op: 'view' }
  | { op: 'toggle'; kind: NotificationKind }
  | { op: 'quietMenu' }
  /** 'school': the school's quiet hours; a number: the index in QUIET_CHOICES. */
  | { op: 'quiet'; choice: 'school' | number };

const PREFIX = 'n1:';
export const notifyPattern = /^n1:/;

export function encodeNotify(button: NotifyButton): string {
  switch (button.op) {
    case 'view':
      return `${PREFIX}v`;
    case 'toggle':
      return `${PREFIX}k:${NOTIFICATION_KINDS.indexOf(button.kind)}`;
    case 'quietMenu':
      return `${PREFIX}q`;
    case 'quiet':
      return `${PREFIX}qs:${button.choice === 'school' ? 's' : button.choice}`;
  }
}

export function decodeNotify(data: string): NotifyButton | undefined {
  if (!data.startsWith(PREFIX)) return undefined;
  const [op, arg, ...rest] = data.slice(PREFIX.length).split(':');
  if (rest.length) return undefined;
  if (op === 'v' && arg === undefined) return { op: 'view' };
  if (op === 'q' && arg === undefined) return { op: 'quietMenu' };
  if (op === 'k' && arg !== undefined && /^\d{1,2}$/.test(arg)) {
    const kind = NOTIFICATION_KINDS[Number(arg)];
    return kind ? { op: 'toggle', kind } : undefined;
  }
  if (op === 'qs' && arg === 's') return { op: 'quiet', choice: 'school' };
  if (op === 'qs' && arg !== undefined && /^\d$/.test(arg)) return { op: 'quiet', choice: Number(arg) };
  return undefined;
}
