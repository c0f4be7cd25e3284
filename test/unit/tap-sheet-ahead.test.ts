import { describe, expect, it } from 'vitest';
import { staffActor } from '../../core/access/actor.js';
import { NotFound } from '../../core/base/errors.js';
import { takeTapSheet, TapSheetAhead } from '../../core/journal/lesson-tap-sheet.js';

const NOW = new Date('2026-11-23T09:00:00Z');
const teacher = staffActor({ schoolId: 1, staffId: 10, roles: ['teacher'], classGroupIds: [], source: 'bot' });

/** An ahead as the claim leaves it: the lock's rows, then the sheet's one row (only its lesson matters here). */
const read = (lesson: { school_id: number } | null, ahead = new TapSheetAhead(5, 7, 'mark', NOW)) => {
  ahead.rows = [[], [{ lesson }]];
  return ahead;
};

describe('a journal tap\'s sheet read with its update\'s claim (TapSheetAhead)', () => {
  it('sends the lesson\'s lock, then its sheet for any school, taking an id of the tap\'s table', () => {
    const [lock, sheet] = new TapSheetAhead(5, 7, 'attendance', NOW).statements;
    expect(lock![0].text).toMatch(/for no key update/);
    expect(lock![1]).toEqual([5]);
    expect(sheet![1].slice(0, 3)).toEqual([5, null, null]);
    expect(sheet![1].at(-1)).toBe('attendance_id_seq');
  });

  it('is taken only by the tap it was read for, once', () => {
    expect(takeTapSheet(undefined, 5, teacher, 7, 'mark')).toBeUndefined();
    expect(takeTapSheet(new TapSheetAhead(5, 7, 'mark', NOW), 5, teacher, 7, 'mark')).toBeUndefined(); // not read (yet)
    expect(takeTapSheet(read({ school_id: 1 }), 6, teacher, 7, 'mark')).toBeUndefined();
    expect(takeTapSheet(read({ school_id: 1 }), 5, teacher, 8, 'mark')).toBeUndefined();
    expect(takeTapSheet(read({ school_id: 1 }), 5, teacher, 7, 'attendance')).toBeUndefined();
    expect(takeTapSheet({ statements: [], rows: [[], [{ lesson: { school_id: 1 } }]] }, 5, teacher, 7, 'mark')).toBeUndefined();
  });

  it('refuses, as not found, a lesson of another school or none, though read for any', () => {
    expect(() => takeTapSheet(read({ school_id: 2 }), 5, teacher, 7, 'mark')).toThrow(NotFound);
    expect(() => takeTapSheet(read(null), 5, teacher, 7, 'mark')).toThrow(NotFound);
    const ahead = read({ school_id: 2 });
    expect(() => takeTapSheet(ahead, 5, teacher, 7, 'mark')).toThrow(NotFound);
    expect(ahead.rows).toBeUndefined();
  });
});
