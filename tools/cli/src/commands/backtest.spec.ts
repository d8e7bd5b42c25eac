import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mase } from '@tsf/forecasting';
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

/** An hourly value: a daily sine around a level of its own, with a deterministic wobble. */
const hourly = (s: number, t: number) => 100 + 10 * s + 8 * Math.sin((2 * Math.PI * t) / 24) + ((t * 7919 + s * 104729) % 13) / 13;

/**
 * The M4 train and test files (quoted id, then values, rows padded with empty cells) of hourly series with training
 * parts of the given lengths and `horizon` test values each, as `Hourly-train.csv` and `Hourly-test.csv` in `directory`.
 */
function m4Files(
  directory: string,
  lengths: readonly number[],
  horizon: number,
  value: (s: number, t: number) => number = hourly,
): { train: string; test: string; series: number[][] } {
  mkdirSync(directory, { recursive: true });
  const longest = Math.max(...lengths);
  const series = lengths.map((length, s) => Array.from({ length: length + horizon }, (_, t) => Number(value(s, t).toFixed(3))));
  const header = (count: number) => Array.from({ length: count + 1 }, (_, i) => `"V${i + 1}"`).join(',');
  const row = (s: number, values: number[], width: number) => [`"H${s + 1}"`, ...values, ...new Array(width - values.length).fill('')].join(',');
  const train = join(directory, 'Hourly-train.csv');
  const test = join(directory, 'Hourly-test.csv');
  writeFileSync(train, [header(longest), ...series.map((values, s) => row(s, values.slice(0, lengths[s]), longest))].join('\n') + '\n');
  writeFileSync(test, [header(horizon), ...series.map((values, s) => row(s, values.slice(lengths[s]), horizon))].join('\n') + '\n');
  return { train, test, series };
}

/** Rows of a CSV file without its header, each split on commas (the cells of these files hold no commas). */
const csvRows = (path: string) => readFileSync(path, 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));

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

    it('a season that is neither a positive integer nor auto is a usage error', async () => {
      const result = await tsf('backtest', '--csv', 'x.csv', '--format', 'long', '--model', 'lstm', '--horizon', '12', '--season', 'weekly');
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('tsf backtest: --season must be a positive integer or auto\n');
    });

    it('--time-budget must be a positive number of seconds, and applies to --model auto only', async () => {
      const args = ['backtest', '--csv', 'x.csv', '--format', 'long', '--horizon', '12', '--season', '12'];
      const zero = await tsf(...args, '--model', 'auto', '--time-budget', '0');
      expect(zero.code).toBe(2);
      expect(zero.stderr).toBe('tsf backtest: --time-budget must be a positive number of seconds\n');
      const notAuto = await tsf(...args, '--model', 'mlp', '--time-budget', '30');
      expect(notAuto.code).toBe(2);
      expect(notAuto.stderr).toBe('tsf backtest: --time-budget applies to --model auto only\n');
    });

    it('--grid needs a long or wide file, and --max-gap and --aggregate apply with it only', async () => {
      const args = ['backtest', '--csv', 'x.csv', '--model', 'naive', '--horizon', '12'];
      const m4 = await tsf(...args, '--format', 'm4', '--grid');
      expect(m4.stderr).toBe('tsf backtest: --grid needs the timestamps of a long or wide file (an M4 file has none)\n');
      const alone = await tsf(...args, '--format', 'long', '--max-gap', '5');
      expect(alone).toMatchObject({ code: 2, stderr: 'tsf backtest: --max-gap and --aggregate apply with --grid only\n' });
      expect((await tsf(...args, '--format', 'long', '--grid', '--aggregate', 'median')).stderr).toMatch(/^tsf backtest: --aggregate must be one of mean, last, sum/);
    });

    it('a fixed split needs --train-until, on a long or wide file, with valid dates in order, and --scale names its choices', async () => {
      const args = ['backtest', '--csv', 'x.csv', '--format', 'wide', '--target', 'OT', '--model', 'naive', '--horizon', '12'];
      const cases: Array<[string[], string]> = [
        [['--test-from', '2024-01-02'], '--test-from, --test-until and --stride need --train-until (a fixed split)'],
        [['--train-until', 'yesterday'], '--train-until must be a date-time such as 2017-06-26 or 2017-06-26T12:00:00Z'],
        [['--train-until', '2024-01-03', '--test-from', '2024-01-02'], '--test-from must not be before --train-until'],
        [['--train-until', '2024-01-02', '--folds', '2'], '--folds cannot be combined with --train-until (a fixed split has one fit)'],
        [['--scale', 'minmax'], '--scale must be one of none, standard-train'],
      ];
      const results = await Promise.all(cases.map(([extra]) => tsf(...args, ...extra)));
      results.forEach((result, c) => {
        expect(result.code).toBe(2);
        expect(result.stderr).toBe(`tsf backtest: ${cases[c][1]}\n`);
      });
      const m4 = await tsf('backtest', '--csv', 'x.csv', '--format', 'm4', '--model', 'naive', '--horizon', '12', '--train-until', '2024-01-02');
      expect(m4.stderr).toBe('tsf backtest: --train-until applies to long and wide files (their timestamps place the split)\n');
    });

    it('a non-numeric horizon is a usage error', async () => {
      const result = await tsf('backtest', '--csv', 'x.csv', '--format', 'long', '--model', 'lstm', '--horizon', 'soon', '--season', '12');
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('tsf backtest: --horizon must be a positive integer\n');
    });
  });

  it('series too short for lookback + horizon do not stop the run: with none long enough, the model is not trained and every series falls back', async () => {
    const csv = file('short.csv', longCsv(2, 40));
    const result = await tsf('backtest', '--csv', csv, '--format', 'long', '--horizon', '12', '--season', '12', '--model', 'lstm', '--lookback', '24', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    // 28 training points each, short of lookback + horizon = 36: seasonal naive (28 ≥ 12) forecasts both
    expect(report.models.lstm.fallback).toEqual({ series: 2, methods: { seasonalNaive: 2 }, needs: 24, trainingNeeds: 36, untrainedFolds: 1 });
    expect(report.models.lstm.mase).toBe(report.models.seasonalNaive.mase);
  });

  it('backtests an ESN like any tsf model: fitted in one pass on every series, it beats seasonal naive on their season and wobble', async () => {
    const { train, test } = m4Files(join(directory, 'esn'), [400, 400, 400], 24);
    const result = await tsf('backtest', '--csv', train, '--test', test, '--format', 'm4', '--horizon', '24', '--season', '24', '--model', 'esn', '--seed', '1', '--json');
    expect(result.code).toBe(0);
    const { models } = JSON.parse(result.stdout);
    expect(models.esn).toMatchObject({ architecture: 'esn' });
    expect(models.esn.mase).toBeLessThan(models.seasonalNaive.mase);
  });

  describe('on an M4-format file with series shorter than lookback + horizon', () => {
    // horizon 13 and (auto) season 24 give the default lookback 2 × max(13, 24) = 48, so a series needs 61 values to
    // train the model and 48 to be forecast by it; seasonal naive needs 24, Naive2 72, dlinear 14 × 24 = 336
    const lengths = [400, 300, 200, 150, 100, 55, 40, 20, 5];
    const horizon = 13;
    const m4 = m4Files(join(directory, 'm4'), lengths, horizon);
    const forecasts = join(directory, 'forecasts.csv');
    let report: ReturnType<typeof JSON.parse>;
    let stderr: string;
    beforeAll(async () => {
      const result = await tsf(
        'backtest', '--csv', m4.train, '--test', m4.test, '--format', 'm4', '--model', 'mlp', '--horizon', String(horizon),
        '--epochs', '1', '--forecasts', forecasts, '--json',
      );
      expect(result.code).toBe(0);
      report = JSON.parse(result.stdout);
      stderr = result.stderr;
    });

    it('scores every series with every model, detecting the daily season of the hourly data', () => {
      expect(report.dataset).toMatchObject({ series: lengths.length, horizon, season: 24, maseSeason: 24 });
      expect(report.dataset.seasonDetection).toEqual({ frequency: '1h', candidates: [24, 168], passed: 5, tested: 5, series: 9 });
      expect(stderr).toContain('season 24 (auto: 5 of the 5 series long enough to test it (of 9) pass the seasonality test at lag 24');
      for (const name of ['mlp', ...BASELINES]) {
        for (const key of METRIC_KEYS) expect(Number.isFinite(report.models[name][key])).toBe(true);
      }
      // the histories of 20 and 5 values are no longer than the season: their MASE is scaled by the naive MAE
      expect(report.dataset.maseNaiveScaled).toBe(2);
    });

    it('reports per model how many series fell back and to which method', () => {
      // mlp forecasts 55 (≥ 48) itself; 40 (≥ 24) gets seasonal naive, 20 and 5 naive
      expect(report.models.mlp.fallback).toEqual({ series: 3, methods: { seasonalNaive: 1, naive: 2 }, needs: 48, trainingNeeds: 61 });
      expect(report.models.naive.fallback).toBeUndefined();
      expect(report.models.drift.fallback).toBeUndefined();
      expect(report.models.seasonalNaive.fallback).toEqual({ series: 2, methods: { naive: 2 }, needs: 24 });
      expect(report.models.naive2.fallback).toEqual({ series: 4, methods: { naive: 4 }, needs: 72 });
      expect(report.models.dlinear.fallback).toEqual({ series: 8, methods: { seasonalNaive: 6, naive: 2 }, needs: 336, trainingNeeds: 349 });
    });

    it('writes every forecast to the --forecasts CSV, one row per model, series and step, with the actual value and the method', () => {
      const header = readFileSync(forecasts, 'utf8').split('\n')[0];
      expect(header).toBe('model,series,fold,step,forecast,actual,method');
      const rows = csvRows(forecasts);
      expect(rows).toHaveLength(6 * lengths.length * horizon);
      const naive = rows.filter(([model]) => model === 'naive');
      expect(naive.slice(0, 2)).toEqual([
        ['naive', 'H1', '0', '1', String(m4.series[0][399]), String(m4.series[0][400]), 'naive'],
        ['naive', 'H1', '0', '2', String(m4.series[0][399]), String(m4.series[0][401]), 'naive'],
      ]);
      const methodOf = (model: string, series: string) => rows.find((row) => row[0] === model && row[1] === series)?.[6];
      expect(['H6', 'H7', 'H8', 'H9'].map((series) => methodOf('mlp', series))).toEqual(['mlp', 'seasonalNaive', 'naive', 'naive']);
      // seasonal naive of the 40-value series: step h repeats the value 24 steps before it
      const fallback = rows.filter(([model, series]) => model === 'mlp' && series === 'H7').map((row) => Number(row[4]));
      expect(fallback).toEqual(Array.from({ length: horizon }, (_, h) => m4.series[6][40 - 24 + h]));
    });
  });

  describe('--model auto on an M4-format file with a series shorter than a season and a constant one', () => {
    // auto chooses its lookbacks (up to 7 × max(13, 24) = 168) and forecasts a history shorter than its kept
    // candidates read with seasonal naive (naive under one season: H6); H7 is constant, so its MASE is undefined
    const lengths = [300, 250, 200, 150, 60, 20, 180];
    const horizon = 13;
    const CONSTANT = 6;
    const m4 = m4Files(join(directory, 'auto'), lengths, horizon, (s, t) => (s === CONSTANT ? 50 : hourly(s, t)));
    const run = (name: string) => {
      const forecasts = join(directory, `auto-${name}.csv`);
      const args = ['--format', 'm4', '--model', 'auto', '--horizon', String(horizon), '--epochs', '2', '--time-budget', '20'];
      return tsf('backtest', '--csv', m4.train, '--test', m4.test, ...args, '--forecasts', forecasts, '--json').then((result) => ({ result, forecasts }));
    };
    let runs: Array<{ result: CliResult; forecasts: string }>;
    let report: ReturnType<typeof JSON.parse>;
    beforeAll(async () => {
      runs = await Promise.all([run('a'), run('b')]);
      for (const { result } of runs) expect(result.code).toBe(0);
      report = JSON.parse(runs[0].result.stdout);
    });

    it('finishes, scoring auto and every baseline; the constant series is left out of MASE and OWA only', () => {
      expect(Object.keys(report.models)).toEqual(['auto', ...BASELINES]);
      for (const name of ['auto', ...BASELINES]) {
        for (const key of METRIC_KEYS) expect(Number.isFinite(report.models[name][key])).toBe(true);
      }
      expect(report.dataset).toMatchObject({ series: lengths.length, season: 24, maseUndefined: { series: 1, ids: ['H7'] } });
      expect(runs[0].result.stderr).toContain('MASE undefined for 1 series (H7): the in-sample seasonal naive MAE is 0');
      // sMAPE still averages over all 7 series: naive's, recomputed from its forecasts, H7 included
      const naive = csvRows(runs[0].forecasts).filter(([model]) => model === 'naive');
      const smape = (rows: string[][]) => rows.reduce((sum, r) => sum + (200 * Math.abs(+r[5] - +r[4])) / (Math.abs(+r[5]) + Math.abs(+r[4])), 0) / rows.length;
      expect(report.models.naive.smape).toBeCloseTo(smape(naive), 8);
      expect(smape(naive.filter(([, series]) => series !== 'H7'))).not.toBeCloseTo(report.models.naive.smape, 3);
      // MASE averages over the other 6 (H6's history, no longer than the season, is scaled by the naive MAE)
      const maseOf = (s: number) => {
        const rows = naive.filter(([, series]) => series === `H${s + 1}`);
        const history = m4.series[s].slice(0, lengths[s]);
        return mase(rows.map((r) => +r[5]), rows.map((r) => +r[4]), history, history.length <= 24 ? 1 : 24);
      };
      const scaled = lengths.map((_, s) => s).filter((s) => s !== CONSTANT);
      expect(report.models.naive.mase).toBeCloseTo(scaled.reduce((sum, s) => sum + maseOf(s), 0) / scaled.length, 8);
    });

    it("reports auto's choice in the JSON and on stderr", () => {
      const { auto } = report.models;
      expect(auto).toMatchObject({ architecture: 'auto', lookback: 168, timeBudgetSeconds: 20 });
      expect(auto.choices).toHaveLength(1);
      const [choice] = auto.choices;
      expect(choice).toMatchObject({ fold: 0, season: 24, loss: 'mae', transforms: { log: true } });
      expect(choice.candidates.length).toBeGreaterThan(0);
      for (const candidate of choice.candidates) {
        expect(candidate).toMatchObject({ lookback: expect.any(Number), bestValLoss: expect.any(Number), validationScore: expect.any(Number), kept: expect.any(Boolean) });
        expect(candidate.architecture === 'esn' || Array.isArray(candidate.hidden)).toBe(true);
        expect(candidate.lookback).toBeLessThanOrEqual(168);
        expect(candidate.epochs).toBeLessThanOrEqual(2);
      }
      const kept = choice.candidates.filter((candidate: { kept: boolean }) => candidate.kept);
      expect(kept.length).toBeGreaterThan(0);
      expect(choice.combine).toBe(kept.length === 1 ? 'single' : 'median');
      expect(choice.minHistory).toBe(Math.max(...kept.map((candidate: { lookback: number }) => candidate.lookback)));
      expect(choice.reasons.length).toBeGreaterThan(0);
      const { stderr } = runs[0].result;
      expect(stderr).toContain('auto: season 24 (detected: --season auto); transforms: log, no scaling');
      const [first] = choice.candidates;
      const shape = first.architecture === 'esn' ? 'readout in closed form' : `hidden ${first.hidden.join('×')}`;
      expect(stderr).toContain(`  candidate 1: ${first.architecture}, lookback ${first.lookback}, ${shape}, ${first.epochs} epoch(s)`);
      expect(stderr).toContain(`  why: ${choice.reasons[0]}`);
    });

    it('counts the series auto left to seasonal naive (naive under one season), as the forecasts file names them', () => {
      const { minHistory } = report.models.auto.choices[0];
      const expected = lengths.map((length) => (length >= minHistory ? 'auto' : length >= 24 ? 'seasonalNaive' : 'naive'));
      const rows = csvRows(runs[0].forecasts).filter(([model, , , step]) => model === 'auto' && step === '1');
      expect(rows.map((row) => row[6])).toEqual(expected);
      const methods: Record<string, number> = {};
      for (const method of expected.filter((method) => method !== 'auto')) methods[method] = (methods[method] ?? 0) + 1;
      expect(report.models.auto.fallback).toEqual({ series: expected.filter((method) => method !== 'auto').length, methods, needs: minHistory });
      expect(methods.naive).toBe(1);
    });

    it('is deterministic for a seed: the same forecasts twice', () => {
      const autoRows = (path: string) => csvRows(path).filter(([model]) => model === 'auto');
      expect(autoRows(runs[0].forecasts)).toHaveLength(lengths.length * horizon);
      expect(autoRows(runs[1].forecasts)).toEqual(autoRows(runs[0].forecasts));
      expect(JSON.parse(runs[1].result.stdout).models.auto.choices).toEqual(report.models.auto.choices);
    });

    it("scores auto's conformal intervals, calibrated on its validation targets, on the holdout; the baselines have none", () => {
      const { intervals } = report.models.auto;
      expect(intervals.calibrationResiduals).toBeGreaterThan(0);
      for (const coverage of [intervals.coverage80, intervals.coverage95]) {
        expect(coverage).toBeGreaterThanOrEqual(0);
        expect(coverage).toBeLessThanOrEqual(1);
      }
      expect(intervals.coverage95).toBeGreaterThanOrEqual(intervals.coverage80);
      expect(intervals.msis).toBeGreaterThan(0);
      for (const name of BASELINES) expect(report.models[name].intervals).toBeUndefined();
    });
  });

  it('--season auto detects 24 in hourly sine data, among the candidates of its frequency where the timestamps tell it', async () => {
    const longFile = (name: string, stamp: (t: number) => string | number) => {
      const rows = ['series,timestamp,value'];
      for (let s = 0; s < 3; s++) for (let t = 0; t < 24 * 12; t++) rows.push(`s${s},${stamp(t)},${hourly(s, t).toFixed(3)}`);
      return file(name, `${rows.join('\n')}\n`);
    };
    const numbered = longFile('hourly.csv', (t) => t);
    const result = await tsf('backtest', '--csv', numbered, '--format', 'long', '--model', 'naive', '--horizon', '24', '--season', 'auto');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('season 24 (auto: 3 of 3 series pass the seasonality test at lag 24; candidates 24, 168, 7, 12, 4, 52, 1)');
    expect(result.stdout).toContain('season 24 (auto)');
    const dated = longFile('hourly-dated.csv', (t) => new Date(Date.UTC(2024, 0, 1) + t * 3_600_000).toISOString());
    const json = await tsf('backtest', '--csv', dated, '--format', 'long', '--model', 'naive', '--horizon', '24', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).dataset).toMatchObject({ season: 24, seasonDetection: { frequency: '1h', candidates: [24, 168], passed: 3, tested: 3, series: 3 } });
  });

  it('--mase-season changes MASE (and so OWA) and nothing else', async () => {
    const { train, test } = m4Files(join(directory, 'mase'), [200, 150, 100], 12);
    const run = async (...extra: string[]) => {
      const out = join(directory, `mase-${extra.length}.csv`);
      const args = ['backtest', '--csv', train, '--test', test, '--format', 'm4', '--model', 'naive', '--horizon', '12', '--season', '24'];
      const result = await tsf(...args, '--forecasts', out, '--json', ...extra);
      expect(result.code).toBe(0);
      return { report: JSON.parse(result.stdout), forecasts: readFileSync(out, 'utf8') };
    };
    const [seasonal, naive] = await Promise.all([run(), run('--mase-season', '1')]);
    expect(seasonal.report.dataset).toMatchObject({ season: 24, maseSeason: 24 });
    expect(seasonal.report.dataset.seasonDetection).toBeUndefined();
    expect(naive.report.dataset).toEqual({ ...seasonal.report.dataset, maseSeason: 1 });
    expect(naive.forecasts).toBe(seasonal.forecasts);
    for (const name of BASELINES) {
      const [a, b] = [seasonal.report.models[name], naive.report.models[name]];
      for (const key of ['smape', 'mae', 'rmse']) expect(b[key]).toBe(a[key]);
      expect(b.fallback).toEqual(a.fallback);
      expect(b.mase).not.toBeCloseTo(a.mase, 3);
    }
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

  describe('the long-horizon protocol on a wide file: several columns as series, a fixed split, every origin, z-scored by the training part', () => {
    // 2 columns of 100 hourly rows from 2024-01-01: train rows 0–23, a gap, test origins 48, 54 and 60 (horizon 12, stride 6)
    const value = (c: number, t: number) => (c + 1) * (10 + 3 * Math.sin((2 * Math.PI * t) / 24) + (t % 5));
    const rows = Array.from({ length: 100 }, (_, t) => `${new Date(Date.UTC(2024, 0, 1, t)).toISOString().slice(0, 19).replace('T', ' ')},${value(0, t)},${value(1, t)}`);
    const args = [
      '--format', 'wide', '--target', 'all', '--model', 'naive', '--horizon', '12', '--season', '24',
      '--train-until', '2024-01-02', '--test-from', '2024-01-03 00:00:00', '--test-until', '2024-01-04', '--stride', '6', '--scale', 'standard-train',
    ];
    let report: ReturnType<typeof JSON.parse>;
    let forecasts: string[][];
    beforeAll(async () => {
      const csv = file('ett-like.csv', `date,A,B\n${rows.join('\n')}\n`);
      const out = join(directory, 'ett-like-forecasts.csv');
      const result = await tsf('backtest', '--csv', csv, ...args, '--forecasts', out, '--json');
      expect(result.code).toBe(0);
      report = JSON.parse(result.stdout);
      forecasts = csvRows(out);
    });

    it('scores every origin of the test part from one fit, each column a series, and reports MSE', () => {
      expect(report.dataset).toMatchObject({ target: 'all', series: 2, windows: 6, scale: 'standard-train', horizon: 12 });
      expect(report.dataset.holdout).toBe('one fit on the values before 2024-01-02; origins every 6 step(s) from 2024-01-03 00:00:00, forecasts of 12 points ending by 2024-01-04');
      for (const name of BASELINES) expect(Number.isFinite(report.models[name].mse)).toBe(true);
      expect(forecasts.filter(([model]) => model === 'naive')).toHaveLength(2 * 3 * 12);
    });

    it('z-scores each column by the mean and population deviation of its training rows, and scores in those units', () => {
      const z = (c: number, t: number) => {
        const train = Array.from({ length: 24 }, (_, i) => value(c, i));
        const mean = train.reduce((sum, v) => sum + v, 0) / 24;
        const std = Math.sqrt(train.reduce((sum, v) => sum + (v - mean) ** 2, 0) / 24);
        return (value(c, t) - mean) / std;
      };
      const naiveB = forecasts.filter(([model, series]) => model === 'naive' && series === 'B');
      // the second window of B: origin 54, forecast the value at 53, actual the values from 54
      expect(Number(naiveB[12][4])).toBeCloseTo(z(1, 53), 10);
      expect(Number(naiveB[12][5])).toBeCloseTo(z(1, 54), 10);
      let squared = 0;
      for (const [, , , , forecast, actual] of forecasts.filter(([model]) => model === 'naive')) squared += (Number(actual) - Number(forecast)) ** 2;
      expect(report.models.naive.mse).toBeCloseTo(squared / (2 * 3 * 12), 10);
    });
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

  it('--grid reads each series on its grid: short gaps interpolated, a long one splits it, the earlier segment trains only', async () => {
    // 300 hours: hours 100-129 missing (a gap of 30), every 10th hour from 7 missing besides, hour 250 written twice
    const rows = ['date,v'];
    for (let h = 0; h < 300; h++) {
      if ((h >= 100 && h < 130) || h % 10 === 7) continue;
      const stamp = (minute: number) => new Date(Date.UTC(2024, 0, 1) + h * 3_600_000 + minute * 60_000).toISOString().replace('T', ' ').slice(0, 19);
      rows.push(`${stamp(0)},${(10 + Math.sin(h / 3)).toFixed(4)}`);
      if (h === 250) rows.push(`${stamp(20)},11`);
    }
    const csv = file('gappy-wide.csv', `${rows.join('\n')}\n`);
    const args = ['backtest', '--csv', csv, '--format', 'wide', '--target', 'v', '--model', 'naive', '--horizon', '6', '--season', '24', '--json'];
    const result = await tsf(...args, '--grid');
    expect(result.code).toBe(0);
    const { dataset } = JSON.parse(result.stdout);
    const missing = Array.from({ length: 300 }, (_, h) => h).filter((h) => !(h >= 100 && h < 130) && h % 10 === 7).length;
    expect(dataset.grid).toMatchObject({ aggregate: 'mean', maxGap: 3, longGaps: 1, segments: 2, aggregatedSteps: 1, interpolatedSteps: missing, steps: 300 - 30 });
    expect(dataset.windows).toBe(1);
    // the raw read concatenates across the gap; the grid read forecasts from the last segment, whose steps are hourly
    const raw = JSON.parse((await tsf(...args)).stdout).dataset;
    expect(raw.grid).toBeUndefined();
    const table = await tsf(...args.filter((arg) => arg !== '--json'), '--grid', '--max-gap', '1');
    expect(table.stdout).toMatch(/on the grid \(mean, gaps up to 1 steps interpolated\): \d+ points became \d+ steps/);
  });
});
