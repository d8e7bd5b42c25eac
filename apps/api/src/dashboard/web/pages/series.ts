import { api, ApiError, enc, type ForecastResponse, type Page, type PastForecast, type PointsResponse, type SeriesDetail } from '../api';
import { alignOnTime, type Band, showRange, timeChart, type XRange } from '../chart';
import { duration, errorBox, fmt, h, staleBadge, table, when } from '../dom';

const QUANTILES = ['0.1', '0.9'];
const HORIZON = 48;
const MAX_CHART_POINTS = 2000;
/** The page opens on this many forecast horizons of the recent past, and the forecast. */
const RECENT_HORIZONS = 4;

const seconds = (ms: number) => ms / 1000;
const ms = (iso: string) => Date.parse(iso);

/** The forecast, or null when no model serves the series yet (404/422 are states, not failures). */
async function productionForecast(key: string): Promise<ForecastResponse | null> {
  try {
    return await api<ForecastResponse>(`/v1/series/${enc(key)}/forecast?horizon=${HORIZON}&quantiles=${QUANTILES.join(',')}`);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 422)) return null;
    throw error;
  }
}

/** Points in [from, to], downsampled to at most ~MAX_CHART_POINTS buckets when about `expected` points lie there. */
function pointsIn(key: string, from: number, to: number, expected: number): Promise<PointsResponse> {
  const step = expected > MAX_CHART_POINTS ? `&step=${Math.ceil((to - from + 1) / MAX_CHART_POINTS)}` : '';
  return api<PointsResponse>(`/v1/series/${enc(key)}/points?from=${from}&to=${to + 1}&limit=${MAX_CHART_POINTS + 1}${step}`);
}

/**
 * Where the page opens (epoch ms): RECENT_HORIZONS forecast spans before the last point, to the forecast's end. The
 * span is the forecast's (or, without one, HORIZON mean gaps between points). Null when that is the whole history.
 */
function recentWindow(detail: SeriesDetail, forecast: ForecastResponse | null): { from: number; to: number } | null {
  if (!detail.firstTs || !detail.lastTs || detail.points < 2) return null;
  const [first, last] = [ms(detail.firstTs), ms(detail.lastTs)];
  const end = forecast && forecast.points.length > 0 ? ms(forecast.points[forecast.points.length - 1].ts) : last;
  const span = end > last ? end - last : (HORIZON * (last - first)) / (detail.points - 1);
  const from = last - RECENT_HORIZONS * span;
  return from > first ? { from, to: Math.max(end, last) } : null;
}

/** The whole history downsampled, with the recent window at full resolution (where the overview's buckets would be coarse). */
async function history(key: string, detail: SeriesDetail, recent: { from: number; to: number } | null): Promise<Map<number, number>> {
  if (!detail.firstTs || !detail.lastTs) return new Map();
  const [first, last] = [ms(detail.firstTs), ms(detail.lastTs)];
  const overview = await pointsIn(key, first, last, detail.points);
  if (!recent || detail.points <= MAX_CHART_POINTS) return new Map(overview.points.map((p) => [seconds(ms(p.ts)), p.value]));
  const recentPoints = await pointsIn(key, recent.from, last, (detail.points * (last - recent.from)) / (last - first));
  const older = overview.points.filter((p) => ms(p.ts) < recent.from);
  return new Map([...older, ...recentPoints.points].map((p) => [seconds(ms(p.ts)), p.value]));
}

/** The data-quality facts of the series' timestamps on its grid, and whether it is stale. */
function qualityFacts(detail: SeriesDetail): HTMLElement {
  const { frequency, quality } = detail;
  const percent = (share: number | null) => (share === null ? '–' : `${(share * 100).toFixed(1)}%`);
  const facts: Array<[string, string | Node]> = [
    ['Frequency', frequency.value === null ? 'none (too few points)' : `${frequency.value}, ${frequency.source}${frequency.confidence === null ? '' : ` (confidence ${fmt(frequency.confidence, 2)})`}`],
    ['Time zone', frequency.timeZone],
    ['Coverage', quality.expectedSteps === null ? '–' : `${percent(quality.coverage)} of ${quality.expectedSteps} steps`],
    ['Missing steps', fmt(quality.missingSteps)],
    ['Longest gap', quality.longestGapSteps === null ? '–' : `${quality.longestGapSteps} steps (${duration(quality.longestGapMs)})`],
    ['Off-grid points', fmt(quality.offGridPoints)],
    ['Duplicates', fmt(quality.duplicatePoints)],
    ['Last point', quality.lastPointAgeMs === null ? '–' : `${duration(quality.lastPointAgeMs)} ago`],
    ['Status', staleBadge(detail.stale, 'series-stale')],
  ];
  return h(
    'aside',
    { id: 'series-quality', class: 'facts' },
    h('h2', {}, 'Data quality'),
    h('dl', {}, facts.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)])),
    h('p', { class: 'note' }, `Of the last ${quality.pointsExamined} points.`),
  );
}

/**
 * One series: the recent past with the production forecast, its quantile band and past forecasts against the
 * actuals (zoom out to the whole history), and the data-quality facts beside the chart.
 */
export async function seriesPage(root: HTMLElement, key: string): Promise<void> {
  root.replaceChildren(h('h1', {}, key), h('p', {}, 'Loading…'));
  try {
    const detail = await api<SeriesDetail>(`/v1/series/${enc(key)}`);
    const [forecast, past] = await Promise.all([productionForecast(key), api<Page<PastForecast>>(`/dashboard/data/past-forecasts?series=${enc(key)}`)]);
    const recent = recentWindow(detail, forecast);
    const actual = await history(key, detail, recent);
    const forecastAt = (value: (p: ForecastResponse['points'][number]) => number | undefined) =>
      new Map((forecast?.points ?? []).flatMap((p) => (value(p) === undefined ? [] : [[seconds(ms(p.ts)), value(p)!] as const])));
    const predicted = forecastAt((p) => p.value);
    const lower = forecastAt((p) => p.quantiles?.[QUANTILES[0]]);
    const upper = forecastAt((p) => p.quantiles?.[QUANTILES[1]]);
    const pastValues = new Map<number, number>();
    for (const f of past.items) f.predicted.forEach((value, i) => pastValues.set(seconds(ms(f.originTs) + (i + 1) * f.stepMs), value));
    const aligned = alignOnTime([actual, predicted, pastValues, lower, upper]);
    const band: Band | undefined = lower.size > 0 ? { label: `q${QUANTILES.join('–q')}`, lower: aligned.values[3], upper: aligned.values[4], color: 'rgba(47, 111, 235, 0.18)' } : undefined;
    const all: XRange | null = aligned.x.length > 1 ? { min: aligned.x[0], max: aligned.x[aligned.x.length - 1] } : null;
    const opening: XRange | null = recent && { min: seconds(recent.from), max: seconds(recent.to) };
    const chart = h('div', { class: 'chart', id: 'series-chart' });
    const zoom = (id: string, label: string, range: XRange | null) =>
      h('button', { id, type: 'button', disabled: !range, onclick: () => range && showRange(plot, range) }, label);
    root.replaceChildren(
      h('h1', {}, key, ' ', staleBadge(detail.stale)),
      h('p', {}, `${detail.points} points, ${when(detail.firstTs)} → ${when(detail.lastTs)}; labels: ${Object.entries(detail.labels).map(([k, v]) => `${k}:${v}`).join(' ') || 'none'}`),
      h('p', { id: 'forecast-source' }, forecast ? `Production forecast: ${forecast.model} v${forecast.version}, band ${QUANTILES.join('–')}` : 'No production model serves this series yet.'),
      h(
        'div',
        { class: 'series-view' },
        h(
          'div',
          { class: 'chart-column' },
          h('div', { class: 'zoom' }, zoom('zoom-recent', `Recent ${RECENT_HORIZONS} horizons + forecast`, opening ?? all), zoom('zoom-all', 'Whole history', all), h('span', { class: 'note' }, 'drag to zoom in')),
          chart,
        ),
        qualityFacts(detail),
      ),
      h('h2', {}, 'Past forecasts against actuals'),
      past.items.length === 0
        ? h('p', {}, 'No scored forecasts yet.')
        : table(['Made at', 'Model', 'Steps', 'MAE on actuals'], past.items.map((f) => [when(f.originTs), `${f.model} v${f.version}`, f.predicted.length, fmt(f.mae)])),
    );
    const plot = timeChart(
      chart,
      aligned.x,
      [
        { label: 'actual', color: '#1d2433', values: aligned.values[0] },
        { label: 'forecast', color: '#2f6feb', values: aligned.values[1] },
        { label: 'past forecasts', color: '#e8590c', values: aligned.values[2], dash: [4, 4] },
      ],
      band,
      opening ?? undefined,
    );
  } catch (error) {
    root.replaceChildren(h('h1', {}, key), errorBox(error));
  }
}
