/** The API's hot path: Forecaster.predict for one series on a saved-and-loaded model, timed call by call. */
import { Forecaster } from '@tsf/forecasting';
import { percentile } from '../../api/src/percentile';
import type { BenchCase } from './cases';

export interface LatencyFigures {
  calls: number;
  medianMs: number;
  p99Ms: number;
}

/** One model's latency on direct inference and on tfjs' predict() (TSF_DIRECT_INFERENCE=0). */
export interface LatencyRow {
  case: BenchCase;
  direct: LatencyFigures;
  tfjs: LatencyFigures;
}

export async function predictLatency(trained: Forecaster, history: number[], calls: number): Promise<LatencyFigures> {
  const loaded = await Forecaster.load(await trained.save());
  try {
    for (let i = 0; i < Math.min(100, calls); i++) await loaded.predict(history);
    const times: number[] = [];
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      await loaded.predict(history);
      times.push(performance.now() - started);
    }
    return { calls, medianMs: percentile(times, 0.5), p99Ms: percentile(times, 0.99) };
  } finally {
    loaded.dispose();
  }
}
