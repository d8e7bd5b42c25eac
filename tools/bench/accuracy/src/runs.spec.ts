import { rowsOf } from './results';
import { commandLine, runOf, withOptions, type RunOutcome } from './runs';
import { TASKS } from './tasks';

describe('accuracy bench › runs', () => {
  const settings = { data: '../shared/data', quick: false, seed: 1 };

  it('runs the product: tsf backtest with the task protocol, the model, the seed and --json, nothing else', () => {
    const run = runOf(TASKS.m4, 'mlp', settings);
    expect(commandLine(run)).toBe(
      'node tools/cli/bin/tsf.js backtest --csv ../shared/data/m4/Hourly-train.csv --test ../shared/data/m4/Hourly-test.csv ' +
        '--format m4 --horizon 48 --season 24 --model mlp --seed 1 --json',
    );
  });

  it('--quick replaces options of the protocol rather than repeating them, and gives auto a short budget', () => {
    const quick = runOf(TASKS['etth1-ot'], 'auto', { ...settings, quick: true }).args;
    expect(quick.filter((arg) => arg === '--stride')).toHaveLength(1);
    expect(quick[quick.indexOf('--stride') + 1]).toBe('24');
    expect(quick).toEqual(expect.arrayContaining(['--epochs', '1', '--time-budget', '60']));
    expect(runOf(TASKS['etth1-ot'], 'mlp', { ...settings, quick: true }).args).not.toContain('--time-budget');
    expect(withOptions(['--a', '1'], ['--b', '2', '--a', '3'])).toEqual(['--a', '3', '--b', '2']);
  });

  describe('rows of a report', () => {
    const outcome = (model: string, report: unknown, code = 0): RunOutcome => ({
      run: runOf(TASKS.m4, model, settings),
      code,
      stdout: JSON.stringify(report),
      lastError: 'tsf backtest: boom',
      seconds: 1,
    });
    const scores = { smape: 10, mase: 1, owa: 0.5, mae: 2, mse: 5, rmse: 2.2, fitSeconds: 3 };

    it('a model run gives the row of that model only; the baselines run gives every baseline', () => {
      const models = { mlp: { ...scores, architecture: 'mlp' }, naive: scores, naive2: { error: 'cannot' } };
      expect(rowsOf(outcome('mlp', { models })).map((row) => [row.name, row.kind, row.fitSeconds])).toEqual([['mlp', 'tsf', 3]]);
      const baselines = rowsOf(outcome('naive', { models: { naive: scores, naive2: { error: 'cannot' } } }));
      expect(baselines.map((row) => [row.name, row.kind, row.error])).toEqual([
        ['naive', 'baseline', undefined],
        ['naive2', 'baseline', 'cannot'],
      ]);
    });

    it("a model's interval scores (auto's) join its point metrics", () => {
      const models = { auto: { ...scores, architecture: 'auto', intervals: { coverage80: 0.78, coverage95: 0.93, msis: 9.5, calibrationResiduals: 50 } } };
      expect(rowsOf(outcome('auto', { models }))[0].scores).toEqual({ smape: 10, mase: 1, owa: 0.5, mae: 2, mse: 5, coverage80: 0.78, coverage95: 0.93, msis: 9.5 });
    });

    it('a failed run is a row saying why, with its command', () => {
      const [row] = rowsOf(outcome('lstm', {}, 2));
      expect(row).toMatchObject({ name: 'lstm', error: 'exit code 2: tsf backtest: boom' });
      expect(row.command).toContain('--model lstm');
    });
  });
});
