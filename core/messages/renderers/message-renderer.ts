import type { TFunction } from '../../i18n/i18n.js';
import type { Notification } from '../../notifications/notification.entity.js';
import type { OutgoingButton, OutgoingMessage } from '../../notifications/sender.js';
import type { MessagePayload } from '../messages.js';
import { clip, initials, teacherRole } from './format.js';
import { sexContext } from '../../people/sex-context.js';

/**
 * 'message' (D9): new messages in the recipient's threads, each with who wrote and about which child, and
 * buttons to answer (one thread) or to open each thread (several).
 */
export function renderMessages(t: TFunction, rows: Notification[]): OutgoingMessage {
  const payloads = rows.map((r) => r.payload as MessagePayload);
  const parts = payloads.map((p) => {
    const header = p.side === 'guardian'
      ? t('messages:notify.fromGuardian', { name: p.from, student: p.student, context: sexContext({ sex: p.studentSex }) })
      : t('messages:notify.fromTeacher', { name: p.from, role: teacherRole(t, p.classTeacher, p.subjects) || t('messages:notify.teacher'), student: p.student });
    return `${header}\n\n${p.text}`;
  });
  const threads = [...new Map(payloads.map((p) => [p.threadId, p])).values()];
  const buttons: OutgoingButton[][] = threads.length === 1
    ? [[
        { text: t('messages:thread.reply'), action: { kind: 'replyThread', threadId: threads[0]!.threadId } },
        { text: t('messages:thread.open'), action: { kind: 'openThread', threadId: threads[0]!.threadId } },
      ]]
    : threads.map((p) => [{ text: t('messages:notify.openThread', { name: initials(p.from), student: initials(p.student) }), action: { kind: 'openThread', threadId: p.threadId } }]);
  return { text: clip(parts.join('\n\n———\n\n')), buttons };
}
