const BARS = '▁▂▃▄▅▆▇█';

/** History and forecast as one line of bars on a shared scale, the forecast after a `│`. */
export function sparkline(history: number[], forecast: number[]): string {
  const all = [...history, ...forecast];
  const min = Math.min(...all);
  const span = Math.max(...all) - min || 1;
  const bar = (v: number) => BARS[Math.min(BARS.length - 1, Math.floor(((v - min) / span) * BARS.length))];
  return `${history.map(bar).join('')}│${forecast.map(bar).join('')}  (${min.toFixed(1)} … ${(min + span).toFixed(1)})`;
}
