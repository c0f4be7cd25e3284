import type { NotificationSender, OutgoingMessage } from '../../core/notifications/sender.js';
import type { MarkPayload } from '../../core/journal/journal-payloads.js';

export interface SentMessage {
  chatId: number;
  text: string;
  messageId: number;
  at: number;
}

/**
 * The NotificationSender port as a double (not a Bot API): records what it was asked to send and throws
 * the errors scripted for a chat, one per call, before it succeeds.
 */
export class RecordingSender implements NotificationSender {
  readonly sent: SentMessage[] = [];
  readonly calls: number[] = [];
  private readonly script = new Map<number, Error[]>();
  private nextId = 1;

  failNext(chatId: number, ...errors: Error[]): void {
    this.script.set(chatId, [...(this.script.get(chatId) ?? []), ...errors]);
  }

  async send(chatId: number, message: OutgoingMessage): Promise<{ messageId: number }> {
    this.calls.push(chatId);
    await Promise.resolve();
    const error = this.script.get(chatId)?.shift();
    if (error) throw error;
    const messageId = this.nextId++;
    this.sent.push({ chatId, text: message.text, messageId, at: Date.now() });
    return { messageId };
  }

  to(chatId: number): SentMessage[] {
    return this.sent.filter((m) => m.chatId === chatId);
  }
}

let markId = 1_000_000;

/** What JournalService puts in a `mark` notification, for tests that enqueue one by hand. */
export function markPayload(over: Partial<MarkPayload> = {}): Record<string, unknown> {
  const payload: MarkPayload = {
    lessonId: 1, subject: 'Математика', date: '2026-11-20', lessonNumber: 2, studentName: 'Алексеев Пётр', studentSex: 'm',
    markId: markId++, value: 5, second: null, workType: 'Ответ на уроке', comment: null, makeUp: false, ...over,
  };
  return { ...payload };
}
