// Spreadsheets and charts are needed only when somebody asks for one. Imported at start-up they cost seconds of
// a 2-core machine's start (measured under load: exceljs 1.1 s, echarts 2.0 s of a 9 s start) and memory every
// process keeps; loaded on first use they cost that once, on the first export or chart.

export const loadExcelJS = async () => (await import('exceljs')).default;

export const loadChartLibraries = async () => {
  const [echarts, { Resvg }] = await Promise.all([import('echarts'), import('@resvg/resvg-js')]);
  return { echarts, Resvg };
};
