import {
  type BacktestFold,
  DatasetError,
  DEFAULT_SEASON_CANDIDATES,
  detectSeason,
  formatFrequency,
  type Frequency,
  initBackend,
  seasonCandidates,
  SpecError,
  validateSpec,
  DEFAULT_GRID_POLICY,
} from '@tsf/forecasting';
import { evaluationFolds, loadDataset } from '../backtest/dataset';
import { fallbackReport } from '../backtest/fallbacks';
import { ForecastsCsv } from '../backtest/forecasts-csv';
import { isAuto, resolveModels, type ModelChoice } from '../backtest/model-catalog';
import { backtestModel, fixedInputs, modelNeeds, modelSpec, type ModelBacktest, type RunSettings } from '../backtest/model-runner';
import { backtestUsage, parseBacktestOptions, UsageError, type BacktestOptions } from '../backtest/options';
import { formatTable, maseUndefinedLine, type BacktestReport, type ModelReport } from '../backtest/report';
import { maseUndefinedSeries, modelScores } from '../backtest/scoring';

export { backtestUsage };

const EXIT_BAD_INPUT = 2;

/**
 * `tsf backtest`: fits each requested model (and every baseline) on the training part of each series, forecasts the
 * holdout and prints the metrics per model on stdout (JSON with --json, a table otherwise); progress goes to stderr.
 * No series is refused for being short (see model-runner.ts); bad options, files, columns or models end it with one
 * line on stderr and exit code 2.
 */
export async function backtest(args: string[]): Promise<number> {
  try {
    const options = parseBacktestOptions(args);
    const report = await runBacktest(options);
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatTable(report));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof DatasetError || error instanceof SpecError) {
      process.stderr.write(`tsf backtest: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}

type Detection = NonNullable<BacktestReport['dataset']['seasonDetection']>;

/** The models' season: the one given, or (auto) the one detected on what the first fold fits on, never on a holdout. */
function chooseSeason(option: number | 'auto', folds: readonly BacktestFold[], frequency: Frequency | undefined): { season: number; detection?: Detection } {
  if (option !== 'auto') return { season: option };
  const candidates = frequency === undefined ? DEFAULT_SEASON_CANDIDATES : seasonCandidates(frequency);
  const { season, passed, tested, series } = detectSeason(folds[0].training ?? folds[0].windows.map((window) => window.history), candidates);
  return { season, detection: { ...(frequency === undefined ? {} : { frequency: formatFrequency(frequency) }), candidates, passed, tested, series } };
}

/** "414 series", or "the 3 series long enough to test it (of 8)". */
const count = ({ tested, series }: Detection) => (tested === series ? `${series} series` : `the ${tested} series long enough to test it (of ${series})`);

function describeSeason(season: number, detection: Detection | undefined): string {
  if (detection === undefined) return `season ${season} (--season)`;
  const data = detection.frequency === undefined ? '' : ` for data every ${detection.frequency}`;
  const tried = detection.candidates.length === 0 ? `no candidate period${data}` : `candidates ${detection.candidates.join(', ')}${data}`;
  return season === 1
    ? `season 1 (auto: no candidate period passes the seasonality test in more than half of the series long enough to test it; ${tried})`
    : `season ${season} (auto: ${detection.passed} of ${count(detection)} pass the seasonality test at lag ${season}; ${tried})`;
}

async function runBacktest(options: BacktestOptions): Promise<BacktestReport> {
  const { horizon, epochs, seed } = options;
  const models = resolveModels(options.model);
  const tsfModels = models.filter((model) => model.kind === 'tsf');
  const fixedModels = tsfModels.filter((model) => !isAuto(model));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const forecastsCsv = options.forecasts === undefined ? undefined : new ForecastsCsv(options.forecasts);

  const dataset = loadDataset(options);
  const { folds, skipped, needs } = evaluationFolds(dataset, options);
  const { season, detection } = chooseSeason(options.season, folds, dataset.frequency);
  const maseSeason = options.maseSeason ?? season;
  const lookback = options.lookback ?? 2 * Math.max(horizon, season);
  // auto chooses lookbacks of 2 to 7 horizons (in whole seasons): its spec's lookback is the longest it may choose
  const autoLookback = options.lookback ?? 7 * Math.max(horizon, season);
  if (fixedModels.length > 0 && options.history !== undefined && options.history < lookback + horizon) {
    throw new UsageError(`--history ${options.history} leaves no training window: it must be at least lookback + horizon = ${lookback + horizon}`);
  }
  const specSettings = { horizon, season, lookback, autoLookback, timeBudgetSeconds: options.timeBudget, inputs: fixedInputs(options, folds, season, lookback) };
  for (const model of tsfModels) if (model.kind === 'tsf') validateSpec(modelSpec(model, specSettings));

  const scoredSeries = new Set(folds[0].windows.map((window) => window.key)).size;
  const windowCount = folds.reduce((sum, fold) => sum + fold.windows.length, 0);
  const scale = options.scale === 'none' ? '' : `, ${options.scale} scaling`;
  log(`${options.csv}: ${scoredSeries} series, ${windowCount} windows, holdout ${dataset.holdout}${scale}; ${describeSeason(season, detection)}`);
  if (skipped.length > 0) log(`not scored: ${skipped.length} series shorter than the ${needs} values the holdout needs (${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''})`);
  const maseNaiveScaled = new Set(folds.flatMap((fold) => fold.windows.filter((w) => w.history.length <= maseSeason).map((w) => w.key))).size;

  const backend = tsfModels.length > 0 ? (await initBackend()).name : undefined;
  const settings: RunSettings = {
    ...specSettings,
    seasonDetected: detection !== undefined,
    maseSeason,
    epochs,
    seed,
    history: options.history,
    folds: folds.length,
    progress: process.stderr,
  };
  const outcomes = new Map<ModelChoice, ModelBacktest | { error: string }>();
  for (const model of models) {
    log(`${model.name}: fitting on ${folds.length} fold(s)`);
    try {
      const outcome = await backtestModel(model, folds, settings, options.csv);
      outcomes.set(model, outcome);
      forecastsCsv?.append(model.name, outcome.windows);
    } catch (error) {
      // a baseline that cannot run on this data is reported as such (short series are not a reason: they fall back)
      if (model.kind !== 'baseline' || !(error instanceof RangeError)) throw error;
      outcomes.set(model, { error: error.message });
    }
  }

  const naive2 = outcomes.get(models.find((model) => model.kind === 'baseline' && model.name === 'naive2') as ModelChoice);
  const naive2Run = naive2 && 'mean' in naive2 ? naive2 : undefined;
  const reports: Record<string, ModelReport> = {};
  const maseUndefined = new Set<string>();
  for (const [model, outcome] of outcomes) {
    if ('error' in outcome) {
      reports[model.name] = outcome;
      continue;
    }
    for (const key of maseUndefinedSeries(outcome.windows)) maseUndefined.add(key);
    const architecture = model.kind === 'tsf' ? { architecture: model.architecture } : {};
    const auto = isAuto(model) ? { lookback: autoLookback, timeBudgetSeconds: options.timeBudget, choices: outcome.autoChoices ?? [] } : {};
    const fallback = fallbackReport(model.name, outcome.windows, modelNeeds(model, settings, outcome.autoChoices), folds);
    reports[model.name] = {
      ...modelScores(outcome, naive2Run),
      fitSeconds: outcome.fitMs / 1000,
      ...architecture,
      ...auto,
      ...(fallback === undefined ? {} : { fallback }),
      ...(outcome.intervals && { intervals: outcome.intervals }),
    };
  }
  const maseUndefinedIds = [...maseUndefined];
  if (maseUndefinedIds.length > 0) log(maseUndefinedLine({ series: maseUndefinedIds.length, ids: maseUndefinedIds }));
  return {
    dataset: {
      file: options.csv,
      format: options.format,
      ...(options.target === undefined ? {} : { target: options.target.join(',') }),
      series: scoredSeries,
      windows: windowCount,
      ...(options.scale === 'none' ? {} : { scale: options.scale }),
      ...(dataset.grid && { grid: { aggregate: options.aggregate ?? DEFAULT_GRID_POLICY.aggregate, maxGap: options.maxGap ?? DEFAULT_GRID_POLICY.maxGap, ...dataset.grid } }),
      ...(skipped.length === 0 || needs === undefined ? {} : { skipped: { series: skipped, needs } }),
      holdout: dataset.holdout,
      horizon,
      season,
      ...(detection === undefined ? {} : { seasonDetection: detection }),
      maseSeason,
      ...(maseNaiveScaled === 0 ? {} : { maseNaiveScaled }),
      ...(maseUndefinedIds.length === 0 ? {} : { maseUndefined: { series: maseUndefinedIds.length, ids: maseUndefinedIds } }),
    },
    ...(backend === undefined ? {} : { training: { ...(fixedModels.length === 0 ? {} : { lookback }), history: options.history, epochs, seed, backend } }),
    models: reports,
  };
}
