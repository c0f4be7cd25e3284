/** The journal's paper: A4 landscape, in points, and what every page of it repeats (pdfkit draws; this measures). */
export const PAGE = { width: 841.89, height: 595.28 };
export const MARGIN = { top: 26, bottom: 26, left: 28, right: 28 };
export const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
export const BOTTOM = PAGE.height - MARGIN.bottom;

/** Room at the top of every page for the header lines (school, journal, teacher and period). */
export const HEADER_HEIGHT = 46;
export const LINE = '#9A9AA6';
export const SHADE = '#E4E4EA';
export const MUTED = '#55566A';
export const ABSENCE = '#A0142A';

/** Widths of the marks page's columns: number, name, the narrowest lesson, the weighted average, the period mark. */
export const MARKS_COLUMNS = { number: 16, name: 150, lesson: 21, average: 34, periodMark: 38 };
export const MARK_FONT = 7.5;
export const WEIGHT_FONT = 5;
export const CELL_PAD = 2;
/** The legend under each marks table: work types with weights, the codes, the signs. */
export const LEGEND_HEIGHT = 26;

const LESSONS_WIDTH = CONTENT_WIDTH - MARKS_COLUMNS.number - MARKS_COLUMNS.name - MARKS_COLUMNS.average - MARKS_COLUMNS.periodMark;

/** How many lesson columns fit beside the names and the totals. */
export function lessonsPerPage(): number {
  return Math.max(1, Math.floor(LESSONS_WIDTH / MARKS_COLUMNS.lesson));
}

/** A lesson column's width on a page of `count` lessons: the page's width shared out, never narrower than a mark needs. */
export function lessonWidth(count: number): number {
  return count === 0 ? MARKS_COLUMNS.lesson : Math.min(32, Math.max(MARKS_COLUMNS.lesson, LESSONS_WIDTH / count));
}

/**
 * The lessons cut into the pages they take: as few pages as fit, shared out evenly (70 lessons at 26 a page
 * make pages of 24, 24 and 22, not 26, 26 and 18), every page keeping the names and the totals.
 */
export function lessonChunks<T>(lessons: readonly T[], perPage = lessonsPerPage()): T[][] {
  if (lessons.length === 0) return [[]];
  const pages = Math.ceil(lessons.length / perPage);
  const size = Math.ceil(lessons.length / pages);
  const chunks: T[][] = [];
  for (let i = 0; i < lessons.length; i += size) chunks.push(lessons.slice(i, i + size));
  return chunks;
}

/** The facing page's columns: date, lesson number, topic, homework, note (a substitution). */
export const TOPIC_COLUMNS = [52, 30, 300, 290, CONTENT_WIDTH - 52 - 30 - 300 - 290];
