import { mae, rmse, smape } from '@tsf/forecasting';
import { type HoldoutForecaster, type HoldoutSeries, scoreOnHoldout } from './holdout';

const holdouts: HoldoutSeries[] = [
  { key: 'a', history: Float64Array.from([1, 2, 3, 4]), actual: Float64Array.from([5, 6]) },
  { key: 'b', history: Float64Array.from([10, 8, 9]), actual: Float64Array.from([7, 12]) },
];
const naive: HoldoutForecaster = { predict: async (history, horizon) => new Array(horizon).fill(history[history.length - 1]) };

describe('registry › holdout scoring', () => {
  it('stores each error as its mean over the series, with the series and points counted', async () => {
    const score = await scoreOnHoldout(naive, holdouts);
    const forecasts = [
      [4, 4],
      [9, 9],
    ];
    const mean = (metric: (a: ArrayLike<number>, f: ArrayLike<number>) => number) => (metric(holdouts[0].actual, forecasts[0]) + metric(holdouts[1].actual, forecasts[1])) / 2;
    expect(score).toEqual({ mae: mean(mae), rmse: mean(rmse), smape: mean(smape), series: 2, points: 4 });
  });

  it('asks the forecaster for one holdout after the other, handing it each history itself', async () => {
    const asked: ArrayLike<number>[] = [];
    let pending = 0;
    const forecaster: HoldoutForecaster = {
      async predict(history, horizon) {
        expect(pending).toBe(0);
        pending++;
        asked.push(history);
        await new Promise((resolve) => setTimeout(resolve, 1));
        pending--;
        return new Array(horizon).fill(0);
      },
    };
    await scoreOnHoldout(forecaster, holdouts);
    expect(asked).toHaveLength(2);
    expect(asked[0]).toBe(holdouts[0].history);
    expect(asked[1]).toBe(holdouts[1].history);
  });

  it('refuses an evaluation without series', async () => {
    await expect(scoreOnHoldout(naive, [])).rejects.toThrow('a holdout evaluation needs at least one series');
  });
});
