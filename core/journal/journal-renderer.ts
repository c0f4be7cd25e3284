import type { TFunction } from '../i18n/i18n.js';
import { sexContext } from '../people/sex-context.js';
import type { AbsencePayload, CancelledPayload, HomeworkPayload, MarkPayload, PeriodMarkPayload, SchedulePayload } from './journal-payloads.js';
import type { Notification } from '../notifications/notification.entity.js';
import type { OutgoingMessage } from '../notifications/sender.js';

const MAX_HOMEWORK = 1000;

interface Fragment {
  childName: string;
  subject: string;
  /** The lesson's date (dd.MM) or the period's name. */
  when: string;
  sortKey: string;
  text: string;
  firstId: number;
}

/**
 * The journal's news of one chat in one message (D10): what happened to each of its children, one line per
 * child, subject and day — «Алексеев Пётр, математика, 23.11: 5 (ответ на уроке); отсутствовал (н)». Several
 * rows about one thing (a mark given then changed, a roll-call code tapped through) say only where it ended;
 * what ended where it began says nothing.
 */
export function renderDiary(t: TFunction, rows: Notification[]): OutgoingMessage {
  const subjects = new Map<string, Notification[]>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const key = thingOf(row);
    subjects.set(key, [...(subjects.get(key) ?? []), row]);
  }
  const fragments: Fragment[] = [];
  for (const history of subjects.values()) {
    const text = describe(t, history);
    if (!text) continue;
    const first = history[0]!;
    const last = history.at(-1)!;
    const p = last.payload as Partial<MarkPayload & PeriodMarkPayload>;
    fragments.push({
      childName: last.personKind === 'guardian' ? String(p.studentName ?? '') : '',
      subject: lowerFirst(String(p.subject ?? '')),
      when: p.period ? String(p.period) : p.date ? dayMonth(p.date) : '',
      sortKey: p.date ?? '',
      text,
      firstId: first.id,
    });
  }
  if (fragments.length === 0) return { text: '' };

  const lines = new Map<string, Fragment[]>();
  fragments.sort((a, b) => a.childName.localeCompare(b.childName, 'ru') || a.sortKey.localeCompare(b.sortKey) || a.firstId - b.firstId);
  for (const f of fragments) {
    const key = `${f.childName}|${f.subject}|${f.when}`;
    lines.set(key, [...(lines.get(key) ?? []), f]);
  }
  const body = [...lines.values()].map((group) => {
    const { childName, subject, when } = group[0]!;
    const events = group.map((f) => f.text).join('; ');
    return childName ? t('notify:diary.lineFor', { name: childName, subject, when, events }) : t('notify:diary.line', { subject, when, events });
  });
  return { text: [t('notify:diary.header', { count: fragments.length }), ...body].join('\n') };
}

/** What a row is about: rows about the same thing collapse to where it ended. */
function thingOf(row: Notification): string {
  const p = row.payload as Partial<Record<'periodMarkId' | 'markId' | 'lessonId' | 'homeworkId', number>>;
  switch (row.kind) {
    case 'mark':
    case 'markChanged':
    case 'markRemoved':
      return p.periodMarkId ? `period:${p.periodMarkId}:${row.id}` : `mark:${p.markId}`;
    case 'absence':
      return `absence:${p.lessonId}:${row.studentId}`;
    case 'homework':
      return `homework:${p.homeworkId}:${row.studentId}`;
    case 'schedule':
      return `schedule:${p.lessonId}:${row.studentId}`;
    case 'cancelled': {
      const c = row.payload as unknown as CancelledPayload;
      return `cancelled:${c.entry}:${c.entryId}:${row.studentId}`;
    }
    case 'announcement':
    case 'message':
    case 'digest':
      return `row:${row.id}`;
  }
}

function describe(t: TFunction, history: Notification[]): string | null {
  const first = history[0]!;
  const last = history.at(-1)!;
  switch (last.kind) {
    case 'mark':
    case 'markChanged':
    case 'markRemoved':
      return (last.payload as Partial<PeriodMarkPayload>).period ? periodMark(t, last.payload as unknown as PeriodMarkPayload) : mark(t, first, last);
    case 'absence': {
      const before = (first.payload as unknown as AbsencePayload).oldCode;
      const p = last.payload as unknown as AbsencePayload;
      if (before === p.code) return null;
      if (p.code === null) return t('notify:absence.cleared', { code: t(`notify:code.${before!}`) });
      const what = t(`notify:absence.${p.code}`, { context: sexContext({ sex: p.studentSex }) });
      return before === null ? what : t('notify:absence.changed', { what });
    }
    case 'homework': {
      const p = last.payload as unknown as HomeworkPayload;
      if (p.none) return t('notify:homework.none');
      const text = shorten(p.text ?? '');
      const due = p.dueDate ? t('notify:homework.due', { date: dayMonth(p.dueDate) }) : '';
      return t(p.individual ? 'notify:homework.individual' : 'notify:homework.group', { text, due });
    }
    case 'schedule': {
      const p = last.payload as unknown as SchedulePayload;
      return p.substitute
        ? t('notify:schedule.substitute', { number: p.lessonNumber, teacher: p.substitute })
        : t('notify:schedule.cancelled', { number: p.lessonNumber });
    }
    case 'cancelled':
      return cancellation(t, last.payload as unknown as CancelledPayload);
    case 'announcement':
    case 'message':
    case 'digest':
      return null;
  }
}

function mark(t: TFunction, first: Notification, last: Notification): string | null {
  const f = first.payload as unknown as MarkPayload;
  const l = last.payload as unknown as MarkPayload;
  const before = first.kind === 'mark' ? null : first.kind === 'markChanged' ? markValue(f.oldValue ?? f.value, f.oldSecond ?? null) : markValue(f.value, f.second);
  const after = last.kind === 'markRemoved' ? null : markValue(l.value, l.second);
  if (before === after) return null;
  const facts = [lowerFirst(l.workType), l.makeUp ? t('notify:mark.makeUp') : '', l.comment ? t('notify:mark.comment', { comment: l.comment }) : ''].filter(Boolean);
  const details = facts.length ? ` (${facts.join(', ')})` : '';
  if (before === null) return t('notify:mark.given', { value: after, details });
  if (after === null) return t('notify:mark.removed', { value: before, details });
  return t('notify:mark.changed', { old: before, value: after, details });
}

function periodMark(t: TFunction, p: PeriodMarkPayload): string {
  return t('notify:mark.period', { value: /^[2-5]$/.test(p.value) ? p.value : t(`notify:periodValue.${p.value}`, { context: sexContext({ sex: p.studentSex }) }) });
}

/** An entry undone by a rollback of leaked access (B3): what was cancelled and what stands again. */
function cancellation(t: TFunction, p: CancelledPayload): string {
  const word = (value: string) => {
    switch (p.entry) {
      case 'absence':
        return t(`notify:code.${value}`);
      case 'periodMark':
        return /^[2-5]$/.test(value) ? value : t(`notify:periodValue.${value}`, { context: sexContext({ sex: p.studentSex }) });
      case 'homework':
        return value === '' ? t('notify:homework.none') : shorten(value);
      case 'mark':
        return value;
    }
  };
  const change = p.cancelled === null ? 'restored' : p.restored === null ? 'removed' : 'replaced';
  return t(`notify:cancelled.${p.entry}.${change}`, {
    value: p.cancelled === null ? '' : word(p.cancelled),
    restored: p.restored === null ? '' : word(p.restored),
    why: t('notify:cancelled.why'),
    whyRemoved: t('notify:cancelled.whyRemoved'),
  });
}

const shorten = (text: string) => (text.length > MAX_HOMEWORK ? `${text.slice(0, MAX_HOMEWORK)}…` : text);

const markValue = (value: number, second: number | null | undefined) => (second ? `${value}/${second}` : String(value));

/** 2026-11-23 → 23.11. */
const dayMonth = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}`;

/** «Математика» → «математика» inside a sentence; «ОБЖ» stays as it is. */
function lowerFirst(text: string): string {
  const [a, b] = [text.charAt(0), text.charAt(1)];
  return b && b === b.toLowerCase() && b !== b.toUpperCase() ? a.toLowerCase() + text.slice(1) : text;
}
