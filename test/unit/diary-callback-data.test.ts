import { describe, expect, it } from 'vitest';
import { decodeDiary, encodeDiary } from '../../bot/callback-data/diary.js';

describe('the diary\'s callback data (d1:…)', () => {
  it('round-trips every operation within 64 bytes, numbers only', () => {
    const big = 2_147_483_647;
    const buttons = [
      encodeDiary('h', { studentId: big }),
      encodeDiary('mr', { studentId: big, page: big }),
      encodeDiary('mj', { studentId: big, subjectId: big }),
      encodeDiary('hw', { studentId: big, range: 1 }),
      encodeDiary('sc', { studentId: big, range: 2 }),
      encodeDiary('ch', { studentId: big, subjectId: 0 }),
    ];
    for (const data of buttons) {
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(data).toMatch(/^d1:[a-z]+(:\d+)+$/);
    }
    expect(decodeDiary(encodeDiary('mj', { studentId: 7, subjectId: 3 }))).toEqual({ op: 'mj', studentId: 7, subjectId: 3 });
    expect(decodeDiary('d1:h:42')).toEqual({ op: 'h', studentId: 42 });
  });

  it('reads anything malformed, unknown or of another version as nothing', () => {
    for (const data of ['d1:h', 'd1:h:1:2', 'd1:zz:1', 'd1:mr:x:0', 'd1:mr:-1:0', 'd2:h:1', 'j1:h:1', 'd1:mr:1:1234567890123', 'd1:h:2147483648', 'd1:constructor:1']) {
      expect(decodeDiary(data), data).toBeUndefined();
    }
  });
});
