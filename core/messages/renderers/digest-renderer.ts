import type { TFunction } from '../../i18n/i18n.js';
import type { Notification } from '../../notifications/notification.entity.js';
import type { OutgoingButton, OutgoingMessage } from '../../notifications/sender.js';
import type { DigestPayload } from '../digest-content.js';
import { clip, initials } from './format.js';
import { dayMonth } from '../../time/format.js';
import { sexContext } from '../../people/sex-context.js';

const more = (t: TFunction, shown: number, total: number) => (total > shown ? [t('messages:digest.more', { count: total - shown })] : []);

function section(t: TFunction, title: string, lines: string[], total: number, empty: string): string {
  if (!total) return empty;
  return [`${title}`, ...lines, ...more(t, lines.length, total)].join('\n');
}

function average(p: DigestPayload): string | undefined {
  const values = p.marks.flatMap((m) => (m.second ? [m.value, m.second] : [m.value]));
  if (!values.length) return undefined;
  return (values.reduce((a, b) => a + b, 0) / values.length).toFixed(2);
}

function digestText(t: TFunction, p: DigestPayload): string {
  const marks = section(t, t('messages:digest.marks', { count: p.totals.marks }), p.marks.map((m) =>
    t('messages:digest.mark', { date: dayMonth(m.date), subject: m.subject, value: m.second ? `${m.value}/${m.second}` : String(m.value), workType: m.workType })), p.totals.marks, t('messages:digest.noMarks'));
  const avg = average(p);
  const absences = section(t, t('messages:digest.absences', { count: p.totals.absences }), p.absences.map((a) =>
    t('messages:digest.absence', { date: dayMonth(a.date), lesson: a.lessonNumber, subject: a.subject, code: t(`messages:digest.code.${a.code}`, { context: sexContext({ sex: p.studentSex }) }) })), p.totals.absences, t('messages:digest.noAbsences'));
  const homework = section(t, t('messages:digest.homework', { count: p.totals.homework }), p.homework.map((h) =>
    t(h.individual ? 'messages:digest.homeworkOwn' : 'messages:digest.homeworkItem', { date: dayMonth(h.due), subject: h.subject, text: h.text })), p.totals.homework, t('messages:digest.noHomework'));
  return [
    t('messages:digest.title', { student: p.student, from: dayMonth(p.weekStart), to: dayMonth(p.weekEnd) }),
    avg ? `${marks}\n${t('messages:digest.average', { value: avg.replace('.', t('messages:digest.decimal')) })}` : marks,
    absences,
    homework,
  ].join('\n\n');
}

/** 'digest' (D11): the week of each child, and an «Ознакомлен» button per digest. */
export function renderDigests(t: TFunction, rows: Notification[]): OutgoingMessage {
  const payloads = rows.map((r) => r.payload as DigestPayload);
  const text = [...payloads.map((p) => digestText(t, p)), t('messages:digest.askAcknowledge')].join('\n\n———\n\n');
  const buttons = payloads.map((p): OutgoingButton[] => [{
    text: payloads.length === 1 ? t('messages:digest.acknowledge') : t('messages:digest.acknowledgeChild', { student: initials(p.student) }),
    action: { kind: 'acknowledgeDigest', digestId: p.digestId },
  }]);
  return { text: clip(text), buttons };
}
