import { loadChartLibraries } from '../base/on-demand-libraries.js';
import { FONT_BOLD, FONT_REGULAR } from '../pdf/pdf-document.js';

// Roboto covers Cyrillic; no system font is looked up, so the picture is the same on every machine.
const FONT_FILES = [FONT_REGULAR, FONT_BOLD];
const FONT = 'Roboto';

/** One line of the chart: a subject's marks by date (a day's marks averaged), or its running average. */
export interface MarksChartSeries {
  name: string;
  points: readonly { date: string; value: number }[];
  dashed?: boolean;
}

/** Everything the picture shows, already in the reader's language. */
export interface MarksChartInput {
  title: string;
  subtitle?: string;
  series: readonly MarksChartSeries[];
  /** Written across an empty chart. */
  emptyText: string;
  width?: number;
}

const PALETTE = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477', '#66aa00', '#b82e2e', '#316395', '#994499', '#22aa99', '#aaaa11', '#6633cc', '#e67300'];

const DAY = 86_400_000;
/** Midnight UTC of a calendar date. */
const dayAt = (date: string) => Date.parse(`${date}T00:00:00Z`);

/**
 * A child's marks over time as a PNG (D1): one line per subject on the days it got marks, 2 to 5 upwards.
 * ECharts draws an SVG server-side and resvg rasterises it with the bundled Roboto: no browser, no canvas,
 * no system packages. Pure: the same input gives the same bytes.
 */
export async function renderMarksChart(input: MarksChartInput): Promise<Buffer> {
  const { echarts, Resvg } = await loadChartLibraries();
  const width = input.width ?? 900;
  const legendRows = Math.ceil(input.series.length / 3);
  const height = 420 + legendRows * 24;
  const dates = [...new Set(input.series.flatMap((s) => s.points.map((p) => p.date)))].sort();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      useUTC: true,
      backgroundColor: '#ffffff',
      color: PALETTE,
      textStyle: { fontFamily: FONT },
      title: [
        { text: input.title, subtext: input.subtitle ?? '', left: 'center', top: 10, textStyle: { fontFamily: FONT, fontSize: 18 } },
        ...(dates.length ? [] : [{ text: input.emptyText, left: 'center', top: 'middle', textStyle: { fontFamily: FONT, fontSize: 16, fontWeight: 'normal' as const, color: '#666666' } }]),
      ],
      legend: { bottom: 10, left: 'center', width: width - 80, textStyle: { fontFamily: FONT, fontSize: 13 } },
      grid: { left: 50, right: 30, top: input.subtitle ? 80 : 60, bottom: 40 + legendRows * 24 },
      // Days on a time axis (UTC, so the machine's zone never shifts a date), spaced as they really are.
      xAxis: {
        type: 'time',
        ...(dates.length ? { min: dayAt(dates[0]!) - DAY / 2, max: dayAt(dates.at(-1)!) + DAY / 2 } : {}),
        minInterval: DAY,
        axisLabel: { fontFamily: FONT, formatter: '{dd}.{MM}', hideOverlap: true },
        splitLine: { show: false },
      },
      yAxis: { type: 'value', min: 2, max: 5, interval: 1, axisLabel: { fontFamily: FONT } },
      series: input.series.map((s) => ({
        name: s.name,
        type: 'line',
        symbol: s.dashed ? 'none' : 'circle',
        symbolSize: 7,
        lineStyle: { width: 2, type: s.dashed ? 'dashed' : 'solid' },
        data: [...s.points].sort((a, b) => a.date.localeCompare(b.date)).map((p) => [dayAt(p.date), p.value]),
      })),
    });
    // Element ids count instances across the process; numbered alike, the same input gives the same SVG.
    const svg = chart.renderToSVGString().replace(/zr\d+-/g, 'zr-');
    const resvg = new Resvg(svg, {
      background: '#ffffff',
      fitTo: { mode: 'original' },
      font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT, sansSerifFamily: FONT },
    });
    return resvg.render().asPng();
  } finally {
    chart.dispose();
  }
}
