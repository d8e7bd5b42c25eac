import { DatasetError, initBackend, SpecError, validateSpec } from '@tsf/forecasting';
import { evaluationFolds, loadDataset, requireTrainingLength } from '../backtest/dataset';
import { resolveModels, type ModelChoice } from '../backtest/model-catalog';
import { backtestModel, type ModelBacktest, type RunSettings } from '../backtest/model-runner';
import { backtestUsage, parseBacktestOptions, UsageError, type BacktestOptions } from '../backtest/options';
import { formatTable, type BacktestReport, type ModelReport } from '../backtest/report';
import { modelScores } from '../backtest/scoring';

export { backtestUsage };

const EXIT_BAD_INPUT = 2;

/**
 * `tsf backtest`: fits each requested model (and every baseline) on the training part of each series, forecasts the
 * holdout and prints the metrics per model on stdout (JSON with --json, a table otherwise); progress goes to stderr.
 * Bad options, files, columns, models or too-short series end it with one line on stderr and exit code 2.
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

async function runBacktest(options: BacktestOptions): Promise<BacktestReport> {
  const { horizon, season, epochs, seed } = options;
  const models = resolveModels(options.model);
  const lookback = options.lookback ?? 2 * Math.max(horizon, season);
  if (options.history !== undefined && options.history < lookback + horizon) {
    throw new UsageError(`--history ${options.history} leaves no training window: it must be at least lookback + horizon = ${lookback + horizon}`);
  }
  const tsfModels = models.filter((model) => model.kind === 'tsf');
  for (const model of tsfModels) validateSpec({ architecture: model.architecture, lookback, horizon, params: model.params });

  const log = (line: string) => process.stderr.write(`${line}\n`);
  const dataset = loadDataset(options);
  const folds = evaluationFolds(dataset, options);
  // MASE scales by the in-sample seasonal naive error; a tsf model needs at least one training window
  requireTrainingLength(folds, season + 1, `MASE with season ${season}`, options.csv);
  if (tsfModels.length > 0) requireTrainingLength(folds, lookback + horizon, `--lookback ${lookback} + --horizon ${horizon}`, options.csv);
  log(`${options.csv}: ${dataset.series.length} series, holdout ${dataset.holdout}`);

  const backend = tsfModels.length > 0 ? (await initBackend()).name : undefined;
  const settings: RunSettings = { horizon, season, lookback, epochs, seed, history: options.history, folds: folds.length, progress: process.stderr };
  const outcomes = new Map<ModelChoice, ModelBacktest | { error: string }>();
  for (const model of models) {
    log(`${model.name}: fitting on ${folds.length} fold(s)`);
    try {
      outcomes.set(model, await backtestModel(model, folds, settings, options.csv));
    } catch (error) {
      // a baseline that cannot run on this data (e.g. dlinear on series shorter than its lookback) is reported as such
      if (model.kind !== 'baseline' || !(error instanceof RangeError)) throw error;
      outcomes.set(model, { error: error.message });
    }
  }

  const naive2 = outcomes.get(models.find((model) => model.kind === 'baseline' && model.name === 'naive2') as ModelChoice);
  const naive2Mean = naive2 && 'mean' in naive2 ? naive2.mean : undefined;
  const reports: Record<string, ModelReport> = {};
  for (const [model, outcome] of outcomes) {
    const architecture = model.kind === 'tsf' ? { architecture: model.architecture } : {};
    reports[model.name] = 'error' in outcome ? outcome : { ...modelScores(outcome.mean, naive2Mean), fitSeconds: outcome.fitMs / 1000, ...architecture };
  }
  return {
    dataset: {
      file: options.csv,
      format: options.format,
      ...(options.target === undefined ? {} : { target: options.target }),
      series: dataset.series.length,
      holdout: dataset.holdout,
      horizon,
      season,
    },
    ...(backend === undefined ? {} : { training: { lookback, history: options.history, epochs, seed, backend } }),
    models: reports,
  };
}
