import { api, ApiError, enc, type ForecastResponse, type Page, type PastForecast, type PointsResponse, type SeriesDetail } from '../api';
import { alignOnTime, type Band, timeChart } from '../chart';
import { errorBox, fmt, h, table, when } from '../dom';

const QUANTILES = ['0.1', '0.9'];
const MAX_CHART_POINTS = 2000;

const seconds = (iso: string) => Date.parse(iso) / 1000;

/** The forecast, or null when no model serves the series yet (404/422 are states, not failures). */
async function productionForecast(key: string): Promise<ForecastResponse | null> {
  try {
    return await api<ForecastResponse>(`/v1/series/${enc(key)}/forecast?horizon=48&quantiles=${QUANTILES.join(',')}`);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 422)) return null;
    throw error;
  }
}

/** History downsampled to at most ~MAX_CHART_POINTS buckets. */
async function history(key: string, detail: SeriesDetail): Promise<PointsResponse> {
  if (!detail.firstTs || !detail.lastTs) return { points: [] };
  const spanMs = Date.parse(detail.lastTs) - Date.parse(detail.firstTs) + 1;
  const step = detail.points > MAX_CHART_POINTS ? `&step=${Math.ceil(spanMs / MAX_CHART_POINTS)}` : '';
  return api<PointsResponse>(`/v1/series/${enc(key)}/points?limit=${MAX_CHART_POINTS + 1}${step}`);
}

/** One series: history, production forecast with its quantile band, past forecasts against the actuals. */
export async function seriesPage(root: HTMLElement, key: string): Promise<void> {
  root.replaceChildren(h('h1', {}, key), h('p', {}, 'Loading…'));
  try {
    const detail = await api<SeriesDetail>(`/v1/series/${enc(key)}`);
    const [points, forecast, past] = await Promise.all([history(key, detail), productionForecast(key), api<Page<PastForecast>>(`/dashboard/data/past-forecasts?series=${enc(key)}`)]);
    const actual = new Map(points.points.map((p) => [seconds(p.ts), p.value]));
    const predicted = new Map((forecast?.points ?? []).map((p) => [seconds(p.ts), p.value]));
    const lower = new Map((forecast?.points ?? []).filter((p) => p.quantiles).map((p) => [seconds(p.ts), p.quantiles![QUANTILES[0]]]));
    const upper = new Map((forecast?.points ?? []).filter((p) => p.quantiles).map((p) => [seconds(p.ts), p.quantiles![QUANTILES[1]]]));
    const pastValues = new Map<number, number>();
    for (const f of past.items) f.predicted.forEach((value, i) => pastValues.set(seconds(f.originTs) + ((i + 1) * f.stepMs) / 1000, value));
    const aligned = alignOnTime([actual, predicted, pastValues, lower, upper]);
    const band: Band | undefined = lower.size > 0 ? { label: `q${QUANTILES.join('–q')}`, lower: aligned.values[3], upper: aligned.values[4], color: 'rgba(47, 111, 235, 0.18)' } : undefined;
    const chart = h('div', { class: 'chart', id: 'series-chart' });
    root.replaceChildren(
      h('h1', {}, key),
      h('p', {}, `${detail.points} points, ${when(detail.firstTs)} → ${when(detail.lastTs)}; labels: ${Object.entries(detail.labels).map(([k, v]) => `${k}:${v}`).join(' ') || 'none'}`),
      h('p', { id: 'forecast-source' }, forecast ? `Production forecast: ${forecast.model} v${forecast.version}, band ${QUANTILES.join('–')}` : 'No production model serves this series yet.'),
      chart,
      h('h2', {}, 'Past forecasts against actuals'),
      past.items.length === 0
        ? h('p', {}, 'No scored forecasts yet.')
        : table(['Made at', 'Model', 'Steps', 'MAE on actuals'], past.items.map((f) => [when(f.originTs), `${f.model} v${f.version}`, f.predicted.length, fmt(f.mae)])),
    );
    timeChart(
      chart,
      aligned.x,
      [
        { label: 'actual', color: '#1d2433', values: aligned.values[0] },
        { label: 'forecast', color: '#2f6feb', values: aligned.values[1] },
        { label: 'past forecasts', color: '#e8590c', values: aligned.values[2], dash: [4, 4] },
      ],
      band,
    );
  } catch (error) {
    root.replaceChildren(h('h1', {}, key), errorBox(error));
  }
}
