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

/** A time chart (x in epoch seconds) with line series and, optionally, a shaded band between two hidden series. */
export function timeChart(container: HTMLElement, x: number[], series: ChartSeries[], band?: Band): uPlot {
  const data: uPlot.AlignedData = [x, ...series.map((s) => s.values), ...(band ? [band.lower, band.upper] : [])];
  const bandSeries: uPlot.Series[] = band
    ? [
        { label: `${band.label} lower`, stroke: band.color, width: 0, points: { show: false } },
        { label: `${band.label} upper`, stroke: band.color, width: 0, points: { show: false } },
      ]
    : [];
  const upper = series.length + 2;
  return new uPlot(
    {
      width: Math.max(container.clientWidth, 600),
      height: 360,
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, dash: s.dash, spanGaps: true, points: { show: false } })), ...bandSeries],
      bands: band ? [{ series: [upper, upper - 1], fill: band.color }] : [],
      axes: [{}, { size: 60 }],
    },
    data,
    container,
  );
}

/** Joins series sampled at different times onto one sorted x axis (null where a series has no value). */
export function alignOnTime(columns: Array<Map<number, number>>): { x: number[]; values: Array<Array<number | null>> } {
  const x = [...new Set(columns.flatMap((column) => [...column.keys()]))].sort((a, b) => a - b);
  return { x, values: columns.map((column) => x.map((t) => column.get(t) ?? null)) };
}
