import { describe, expect, it } from 'vitest';
import { lessonChunks, lessonsPerPage, lessonWidth, MARKS_COLUMNS } from '../../core/journal-view/journal-pdf-layout.js';

describe('how a journal\'s lessons are laid out on A4 landscape sheets', () => {
  const lessons = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('fits every lesson of a short period on one sheet', () => {
    expect(lessonChunks(lessons(5)).map((c) => c.length)).toEqual([5]);
    expect(lessonChunks(lessons(lessonsPerPage())).length).toBe(1);
  });

  it('shares a long period out evenly over as few sheets as hold it, in order, losing none', () => {
    const chunks = lessonChunks(lessons(70));
    expect(chunks.length).toBe(Math.ceil(70 / lessonsPerPage()));
    expect(Math.max(...chunks.map((c) => c.length)) - Math.min(...chunks.map((c) => c.length))).toBeLessThanOrEqual(chunks.length);
    expect(chunks.flat()).toEqual(lessons(70));
    expect(chunks.every((c) => c.length <= lessonsPerPage())).toBe(true);
  });

  it('draws a sheet with no lessons at all (the names still print), and never narrows a column below a mark', () => {
    expect(lessonChunks([])).toEqual([[]]);
    expect(lessonWidth(lessonsPerPage())).toBeGreaterThanOrEqual(MARKS_COLUMNS.lesson);
    expect(lessonWidth(3)).toBeLessThanOrEqual(32);
  });
});
