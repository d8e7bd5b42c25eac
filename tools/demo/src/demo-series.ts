import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readWideCsv } from '@tsf/forecasting';

export const ETTH1_CSV = join(__dirname, '../../../../shared/data/ett/ETTh1.csv');

export interface DemoSeries {
  key: string;
  source: string;
  timestamps: Float64Array;
  values: Float64Array;
}

/** ETTh1's oil temperature (OT), hourly; a generated daily-seasonal series when the file is not there. */
export function loadDemoSeries(file = ETTH1_CSV): DemoSeries {
  if (existsSync(file)) {
    const table = readWideCsv(file);
    const timestamps = Float64Array.from(table.dates, (date) => Date.parse(`${date.replace(' ', 'T')}Z`));
    return { key: 'ett/OT', source: file, timestamps, values: table.target('OT') };
  }
  const n = 24 * 120;
  const start = Date.UTC(2024, 0, 1);
  const timestamps = Float64Array.from({ length: n }, (_, i) => start + i * 3_600_000);
  const values = Float64Array.from({ length: n }, (_, i) => 20 + 6 * Math.sin((2 * Math.PI * i) / 24) + 2 * Math.sin((2 * Math.PI * i) / 168) + Math.sin(i * 7.1));
  return { key: 'demo/generated', source: 'generated (daily + weekly seasonality)', timestamps, values };
}
