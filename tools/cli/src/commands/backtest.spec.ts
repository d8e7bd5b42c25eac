import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliResult, DATA_DIR, runTsf } from '../testing/run-tsf';

const M4_DIR = join(DATA_DIR, 'm4');

function tsf(...args: string[]): Promise<CliResult> {
  return runTsf(args, { TSF_TF_BACKEND: 'wasm' });
}

/** series,timestamp,value rows of `count` daily-seasonal (period 12) series of `length` points. */
function longCsv(count: number, length: number): string {
  const rows = ['series,timestamp,value'];
  for (let s = 0; s < count; s++) {
    for (let t = 0; t < length; t++) rows.push(`s${s},${t},${(50 + 10 * s + 8 * Math.sin((2 * Math.PI * t) / 12) + ((t * 7919) % 13) / 13).toFixed(3)}`);
  }
  return `${rows.join('\n')}\n`;
}

const METRIC_KEYS = ['smape', 'mase', 'owa', 'mae', 'rmse'];
const BASELINES = ['naive', 'seasonalNaive', 'naive2', 'drift', 'dlinear'];

describe('tsf backtest', () => {
  const directory = mkdtempSync(join(tmpdir(), 'tsf-cli-backtest-'));
  const file = (name: string, text: string) => {
    const path = join(directory, name);
    writeFileSync(path, text);
    return path;
  };
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  describe('bad input ends with one line on stderr and exit code 2', () => {
    const common = ['--horizon', '12', '--season', '12', '--model', 'lstm'];

    it('an unknown model is named along with the available ones', async () => {
      const csv = file('ok.csv', longCsv(1, 80));
      const result = await tsf('backtest', '--csv', csv, '--format', 'long', ...common, '--model', 'lstm,nope');
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^tsf backtest: unknown model "nope" \(available: .*lstm.*naive2.*\)\n$/);
      expect(result.stdout).toBe('');
    });

    it('an unknown format is rejected', async () => {
      const result = await tsf('backtest', '--csv', 'x.csv', '--format', 'parquet', ...common);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('tsf backtest: --format must be one of m4, long, wide\n');
    });

    it('a missing file is reported with its path', async () => {
      const missing = join(directory, 'missing.csv');
      const result = await tsf('backtest', '--csv', missing, '--format', 'long', ...common);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`tsf backtest: ${missing}: file not found\n`);
    });

    it('an unknown column of a wide file lists the columns it has', async () => {
      const csv = file('wide.csv', 'date,HUFL,OT\n2016-07-01 00:00:00,5.8,30.5\n2016-07-01 01:00:00,5.7,27.8\n');
      const result = await tsf('backtest', '--csv', csv, '--format', 'wide', '--target', 'LOAD', ...common);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`tsf backtest: ${csv}: unknown column "LOAD" (columns: HUFL, OT)\n`);
    });

    it('a malformed number names the file and line', async () => {
      const csv = file('bad-number.csv', 'series,timestamp,value\na,1,2.5\na,2,abc\n');
      const result = await tsf('backtest', '--csv', csv, '--format', 'long', ...common);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`tsf backtest: ${csv}:3: malformed number "abc" in column value\n`);
    });

    it('a series too short for lookback + horizon names the series and what it needs', async () => {
      const csv = file('short.csv', longCsv(2, 40));
      const result = await tsf('backtest', '--csv', csv, '--format', 'long', ...common, '--lookback', '24');
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `tsf backtest: ${csv}: series s0 is too short: it has 28 training points, --lookback 24 + --horizon 12 needs at least 36\n`,
      );
    });

    it('a non-numeric horizon is a usage error', async () => {
      const result = await tsf('backtest', '--csv', 'x.csv', '--format', 'long', '--model', 'lstm', '--horizon', 'soon', '--season', '12');
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('tsf backtest: --horizon must be a positive integer\n');
    });
  });

  it('a successful run prints JSON metrics for the model and every baseline, and progress on stderr', async () => {
    const csv = file('series.csv', longCsv(2, 240));
    const result = await tsf(
      'backtest', '--csv', csv, '--format', 'long', '--model', 'gru', '--horizon', '12', '--season', '12',
      '--lookback', '24', '--epochs', '1', '--folds', '2', '--json',
    );
    expect(result.stderr).toContain('gru');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.dataset).toMatchObject({ format: 'long', series: 2, horizon: 12, season: 12, holdout: '2 rolling-origin folds of 12 points' });
    expect(Object.keys(report.models)).toEqual(['gru', ...BASELINES]);
    for (const name of ['gru', ...BASELINES]) {
      for (const key of METRIC_KEYS) expect(Number.isFinite(report.models[name][key])).toBe(true);
    }
    expect(report.models.naive2.owa).toBeCloseTo(1, 10);
    // the series repeat with period 12, so seasonal naive is far better than naive
    expect(report.models.seasonalNaive.mase).toBeLessThan(report.models.naive.mase);
  });

  it('on the M4 Hourly files it scores a tsf model and the baselines, with Naive2 as the OWA reference', async () => {
    const result = await tsf(
      'backtest', '--csv', join(M4_DIR, 'Hourly-train.csv'), '--test', join(M4_DIR, 'Hourly-test.csv'), '--format', 'm4',
      '--model', 'lstm', '--horizon', '48', '--season', '24', '--lookback', '48', '--epochs', '1', '--max-series', '2', '--json',
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.dataset).toMatchObject({ format: 'm4', series: 2, horizon: 48, season: 24 });
    expect(report.models.lstm).toEqual(expect.objectContaining({ smape: expect.any(Number), mase: expect.any(Number), owa: expect.any(Number) }));
    expect(report.models.naive2.owa).toBeCloseTo(1, 10);
    // seasonal naive beats naive by far on hourly data (M4: sMAPE 13.9 against 43.0 over all 414 series)
    expect(report.models.seasonalNaive.smape).toBeLessThan(report.models.naive.smape);
  });
});
