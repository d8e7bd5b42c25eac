import { join } from 'node:path';
import { dlinear, naive2Forecast, naiveForecast, seasonalNaiveForecast } from '../baselines';
import { mase, owa, smape, type AccuracyPair } from '../metrics';
import { readM4, type M4Series } from './m4';
import { DATA_DIR } from './test-files';

/**
 * End-to-end check of the reader, the metrics and the benchmarks against the published M4 results for the Hourly
 * series (Makridakis et al., 2020, Table 4): horizon 48, seasonality 24, sMAPE and MASE averaged over the 414 series.
 */
describe('M4 Hourly benchmarks', () => {
  const horizon = 48;
  const season = 24;

  function accuracy(forecast: (train: number[]) => number[]): AccuracyPair {
    let smapeSum = 0;
    let maseSum = 0;
    for (const { train, test = [] } of series) {
      const predicted = forecast(train);
      smapeSum += smape(test, predicted);
      maseSum += mase(test, predicted, train, season);
    }
    return { smape: smapeSum / series.length, mase: maseSum / series.length };
  }

  let series: M4Series[];
  let naive2: AccuracyPair;
  beforeAll(() => {
    series = readM4(join(DATA_DIR, 'm4/Hourly-train.csv'), join(DATA_DIR, 'm4/Hourly-test.csv'));
    naive2 = accuracy((train) => naive2Forecast(train, horizon, season));
  });

  it('Naive2 reproduces the published sMAPE 18.383 and MASE 2.395', () => {
    expect(naive2.smape).toBeCloseTo(18.383, 2);
    expect(naive2.mase).toBeCloseTo(2.395, 2);
  });

  it('seasonal naive reproduces the published sMAPE 13.912 and MASE 1.193', () => {
    const seasonalNaive = accuracy((train) => seasonalNaiveForecast(train, horizon, season));
    expect(seasonalNaive.smape).toBeCloseTo(13.912, 2);
    expect(seasonalNaive.mase).toBeCloseTo(1.193, 2);
    expect(owa(seasonalNaive, naive2)).toBeCloseTo(0.628, 2);
  });

  it('naive reproduces the published sMAPE 43.003 and MASE 11.608', () => {
    const naive = accuracy((train) => naiveForecast(train, horizon));
    expect(naive.smape).toBeCloseTo(43.003, 2);
    expect(naive.mase).toBeCloseTo(11.608, 2);
  });

  it('dlinear fitted globally on the training series beats Naive2 and has a lower MASE than seasonal naive', () => {
    const model = dlinear({ lookback: 14 * season, horizon, season });
    model.fitMany(series.map(({ train }) => train));
    const result = accuracy((train) => model.predictFrom(train, horizon));
    expect(owa(result, naive2)).toBeLessThan(0.65);
    expect(result.mase).toBeLessThan(1);
  });
});
