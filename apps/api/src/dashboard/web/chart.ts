import uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  color: string;
  values: Array<number | null>;
  dash?: number[];
}

export interface Band {
  label: string;
  lower: Array<number | null>;
  upper: Array<number | null>;
  color: string;
}

/** An x range in epoch seconds. */
export interface XRange {
  min: number;
  max: number;
}

/**
 * A time chart (x in epoch seconds) with line series and, optionally, a shaded band between two hidden series. It
 * opens on `xRange` when given (else on all of x); drag to zoom in, `showRange` to move. The container's
 * `data-x-min`/`data-x-max` always hold the range shown.
 */
export function timeChart(container: HTMLElement, x: number[], series: ChartSeries[], band?: Band, xRange?: XRange): uPlot {
  const data: uPlot.AlignedData = [x, ...series.map((s) => s.values), ...(band ? [band.lower, band.upper] : [])];
  const bandSeries: uPlot.Series[] = band
    ? [
        { label: `${band.label} lower`, stroke: band.color, width: 0, points: { show: false } },
        { label: `${band.label} upper`, stroke: band.color, width: 0, points: { show: false } },
      ]
    : [];
  const upper = series.length + 2;
  const showsRange = (chart: uPlot, scale: string) => {
    if (scale !== 'x') return;
    container.dataset.xMin = String(chart.scales.x.min);
    container.dataset.xMax = String(chart.scales.x.max);
  };
  const chart = new uPlot(
    {
      width: Math.max(container.clientWidth, 600),
      height: 360,
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, dash: s.dash, spanGaps: true, points: { show: false } })), ...bandSeries],
      bands: band ? [{ series: [upper, upper - 1], fill: band.color }] : [],
      axes: [{}, { size: 60 }],
      hooks: { setScale: [showsRange] },
    },
    data,
    container,
  );
  if (xRange) showRange(chart, xRange);
  return chart;
}

/** Shows `range` of the x axis (the y axis fits what it shows). */
export function showRange(chart: uPlot, range: XRange): void {
  chart.setScale('x', range);
}

/** Joins series sampled at different times onto one sorted x axis (null where a series has no value). */
export function alignOnTime(columns: Array<Map<number, number>>): { x: number[]; values: Array<Array<number | null>> } {
  const x = [...new Set(columns.flatMap((column) => [...column.keys()]))].sort((a, b) => a - b);
  return { x, values: columns.map((column) => x.map((t) => column.get(t) ?? null)) };
}
