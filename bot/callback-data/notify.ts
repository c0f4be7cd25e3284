// The notification settings' buttons: `n1:<op>[:<arg>]`. What they carry is only a wish: the server checks
// the account's bindings on every tap.
import { NOTIFICATION_KINDS, type NotificationKind } from '../../core/notifications/notification-kinds.js';
import { defineCallbackOps, indexOf, type CallbackCodec, type Field } from './define.js';

export type NotifyButton =
  | { op: 'view' }
  | { op: 'toggle'; kind: NotificationKind }
  | { op: 'quietMenu' }
  /** 'school': the school's quiet hours; a number: the index in QUIET_CHOICES. */
  | { op: 'quiet'; choice: 'school' | number };

/** `s` for the school's quiet hours, or one digit: the index of a choice (the handler checks it is one). */
const quietChoice: Field<'school' | number> = {
  encode: (choice) => {
    if (choice !== 'school' && !(Number.isInteger(choice) && choice >= 0 && choice <= 9)) throw new Error(`callback data: quiet choice ${choice}`);
    return choice === 'school' ? 's' : String(choice);
  },
  decode: (part) => (part === 's' ? 'school' : /^\d$/.test(part) ? Number(part) : undefined),
};

const notifyData = defineCallbackOps('n1', {
  v: {}, // the settings
  k: { kind: indexOf(NOTIFICATION_KINDS) }, // switch a kind on or off
  q: {}, // the quiet hours to choose from
  qs: { choice: quietChoice }, // set them
});


export function encodeNotify(button: NotifyButton): string {
  switch (button.op) {
    case 'view': return notifyData.encode('v');
    case 'toggle': return notifyData.encode('k', { kind: button.kind });
    case 'quietMenu': return notifyData.encode('q');
    case 'quiet': return notifyData.encode('qs', { choice: button.choice });
  }
}

export function decodeNotify(data: string): NotifyButton | undefined {
  const button = notifyData.decode(data);
  switch (button?.op) {
    case undefined: return undefined;
    case 'v': return { op: 'view' };
    case 'k': return { op: 'toggle', kind: button.kind };
    case 'q': return { op: 'quietMenu' };
    case 'qs': return { op: 'quiet', choice: button.choice };
  }
}

/** The settings' buttons as the handler reads them. */
export const notifyButtons: CallbackCodec<NotifyButton> = { prefix: notifyData.prefix, pattern: notifyData.pattern, match: notifyData.match, decode: decodeNotify };
