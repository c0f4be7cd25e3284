import { describe, expect, it } from 'vitest';
import { renderMarksChart, type MarksChartInput } from '../../core/diary/marks-chart.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const size = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

const input: MarksChartInput = {
  title: 'Отметки: Алексеев Пётр',
  subtitle: '01.09.2026 — 23.11.2026',
  emptyText: 'Отметок пока нет',
  series: [
    { name: 'Математика', points: [{ date: '2026-10-19', value: 2 }, { date: '2026-11-09', value: 5 }, { date: '2026-11-16', value: 3 }] },
    { name: 'Русский язык', points: [{ date: '2026-11-17', value: 4.5 }, { date: '2026-11-18', value: 3 }] },
  ],
};

describe('the marks chart (PNG)', () => {
  it('renders a PNG of the expected size', async () => {
    const png = await renderMarksChart(input);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // One legend row for two subjects.
    expect(size(png)).toEqual({ width: 900, height: 444 });
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('gives the same bytes for the same data, and other bytes for other data', async () => {
    const first = await renderMarksChart(input);
    expect((await renderMarksChart(input)).equals(first)).toBe(true);
    const changed = await renderMarksChart({ ...input, series: [input.series[0]!] });
    expect(changed.equals(first)).toBe(false);
  });

  it('draws Cyrillic text with the bundled font (the title changes the picture)', async () => {
    const a = await renderMarksChart({ ...input, title: 'Отметки' });
    const b = await renderMarksChart({ ...input, title: 'Оценки' });
    expect(a.equals(b)).toBe(false);
  });

  it('draws an empty chart with its note, and a taller one for many subjects', async () => {
    const empty = await renderMarksChart({ ...input, series: [] });
    expect(empty.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const many = await renderMarksChart({
      ...input,
      width: 600,
      series: Array.from({ length: 7 }, (_, i) => ({ name: `Предмет ${i + 1}`, points: [{ date: '2026-11-0' + String(i + 1), value: 5 - (i % 4) }] })),
    });
    expect(size(many)).toEqual({ width: 600, height: 420 + 3 * 24 });
  });
});
