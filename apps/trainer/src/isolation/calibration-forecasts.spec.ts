import { Forecaster, initBackend } from '@tsf/forecasting';
import { calibrationForecasts, MAX_CALIBRATION_SERIES } from './calibration-forecasts';
import { fitTaskSchema } from './child-messages';

describe('trainer › calibration forecasts', () => {
  const series = (length: number, shift: number) => Float64Array.from({ length }, (_, i) => 10 + shift + 5 * Math.sin((2 * Math.PI * (i + shift)) / 24));
  const spec = { architecture: 'mlp', lookback: 8, horizon: 4, params: { hidden: [4] } };
  let forecaster: Forecaster;

  beforeAll(async () => {
    await initBackend();
    forecaster = Forecaster.create(spec);
    await forecaster.fitMany([series(40, 0), series(40, 1)], { epochs: 1, batchSize: 16, seed: 1 });
  });

  afterAll(() => forecaster.dispose());

  const task = (count: number, seed: number) =>
    fitTaskSchema.parse({
      label: 'many',
      spec,
      options: { epochs: 1, seed },
      series: Array.from({ length: count }, (_, i) => series(20, i % 7)),
      holdouts: Array.from({ length: count }, (_, i) => series(24, i % 7).subarray(20)),
      horizon: 4,
      champion: null,
    });

  it(`over more than ${MAX_CALIBRATION_SERIES} series, forecasts a seeded sample of that many (each its 2·horizon − 1 origins), the others' holdout forecasts null`, async () => {
    const count = MAX_CALIBRATION_SERIES + 200;
    const made = await calibrationForecasts(forecaster, task(count, 3));
    const picked = made.holdoutForecasts.flatMap((forecast, i) => (forecast ? [i] : []));
    expect(made.holdoutForecasts).toHaveLength(count);
    expect(picked).toHaveLength(MAX_CALIBRATION_SERIES);
    expect(made.windows).toBe(MAX_CALIBRATION_SERIES * 7);
    expect(picked.at(-1)).toBeGreaterThan(MAX_CALIBRATION_SERIES); // drawn from every series, not the first ones
    const again = await calibrationForecasts(forecaster, task(count, 3));
    expect(again.holdoutForecasts.map((forecast) => forecast !== null)).toEqual(made.holdoutForecasts.map((forecast) => forecast !== null));
    const other = await calibrationForecasts(forecaster, task(count, 4));
    expect(other.holdoutForecasts.map((forecast) => forecast !== null)).not.toEqual(made.holdoutForecasts.map((forecast) => forecast !== null));
  }, 120_000);

  it('forecasts every series when there are no more than that', async () => {
    const made = await calibrationForecasts(forecaster, task(30, 3));
    expect(made.holdoutForecasts.every((forecast) => forecast !== null)).toBe(true);
    expect(made.windows).toBe(30 * 7);
  });
});
