import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../time/clock.js';
import { HomeworkBook } from './homework-book.js';
import type { JournalNotices } from './journal-notices.js';
import { JournalRules } from './journal-rules.js';
import { JournalUndo } from './journal-undo.js';
import { LessonTaps } from './lesson-taps.js';
import { Lessons } from './lessons.js';
import { Marks } from './marks.js';
import { RollCall } from './roll-call.js';

/**
 * The journal (SPEC C1–C8) as the teacher enters it, by what it does: lessons and topics, the roll call,
 * marks, homework; each change checked by the same rules (journal-rules.ts), audited and notified in its
 * transaction.
 */
export interface Journal {
  lessons: Lessons;
  rollCall: RollCall;
  marks: Marks;
  homework: HomeworkBook;
  /** A mark given, one student's attendance set: the journal's taps, in the fewest statements (lesson-taps.ts). */
  taps: LessonTaps;
  /** The administrator's rollback of leaked access (B3): entries put back under the same rules, audit and notices. */
  undo: JournalUndo;
}

export function createJournal(em: () => EntityManager, audit: AuditLog, clock: Clock, notices: JournalNotices): Journal {
  const rules = new JournalRules(em, clock);
  const marks = new Marks(em, rules, audit, notices);
  return {
    lessons: new Lessons(em, rules, audit, notices),
    rollCall: new RollCall(em, rules, audit, notices, clock),
    marks,
    homework: new HomeworkBook(em, rules, audit, notices),
    undo: new JournalUndo(rules, marks, audit, notices),
    taps: new LessonTaps(em, rules, audit, notices, clock),
  };
}
