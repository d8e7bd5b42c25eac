import * as tf from '@tensorflow/tfjs';
import type { ForecastLayout } from '../forecaster-spec';
import { medianIndex, valuesPerTarget } from '../models';
import type { DirectInference } from './direct-inference';
import type { ForecastContexts } from './forecast-context';

/** Forecast values in original units, [steps][targets][values per target] flattened. */
export interface Forecast {
  values: number[];
  horizon: number;
  targets: number;
  valuesPerTarget: number;
}

/**
 * Forecasts `contexts.horizon` steps for every context: up to the model's output steps from one forward pass (of all
 * series as one batch), beyond that recursively, each pass's median fed back as input. Runs on `direct` when the
 * model compiled to it, else on tfjs: both take the same windows and their outputs get the same treatment, the
 * window's level added back (in model space, where the fed-back values live), then each channel's transforms undone.
 */
export function recursiveForecast(model: tf.LayersModel, direct: DirectInference | null, layout: ForecastLayout, contexts: ForecastContexts): Promise<Forecast[]> {
  const B = contexts.contexts.length;
  return forecastByPasses((done) => (direct ? direct.run(contexts.values(done, direct.input(B)), B) : tfjsPredict(model, contexts.batch(done))), layout, contexts);
}

/** The model's outputs, [series][outputs] flattened, for the windows starting `offset` rows into every context. */
export type ForecastPass = (offset: number) => ArrayLike<number> | Promise<ArrayLike<number>>;

/**
 * recursiveForecast for any model that maps a batch of windows to its outputs in one `pass` (an ESN's readout): the
 * same windows in, the same treatment of the outputs, the same recursion past the model's output steps.
 */
export async function forecastByPasses(pass: ForecastPass, layout: ForecastLayout, contexts: ForecastContexts): Promise<Forecast[]> {
  const { lookback: L, features: F, steps, targets: T, outputs } = layout;
  const { horizon, transforms } = contexts;
  const V = valuesPerTarget(layout);
  const median = medianIndex(layout);
  const values = contexts.contexts.map(() => new Array<number>(horizon * T * V).fill(0));
  for (let done = 0; done < horizon; ) {
    // a synchronous pass is not awaited: a forecast on DirectInference then never yields between its passes, whose
    // input buffer another forecast would otherwise fill in between
    const made = pass(done);
    const raw = made instanceof Promise ? await made : made;
    const take = Math.min(steps, horizon - done);
    contexts.contexts.forEach((context, b) => {
      for (let s = 0; s < take; s++) {
        for (let c = 0; c < T; c++) {
          const at = b * outputs + (s * T + c) * V;
          const level = contexts.levelOf(b, c);
          for (let v = 0; v < V; v++) values[b][((done + s) * T + c) * V + v] = raw[at + v] + level;
          context[(L + done + s) * F + c] = raw[at + median] + level; // fed back when the window slides past this pass
        }
      }
    });
    done += take;
  }
  return values.map((v, b) => {
    for (let i = 0; i < v.length; i++) v[i] = Math.fround(transforms[b].channel(Math.floor(i / V) % T).inverseValue(v[i]));
    return { values: v, horizon, targets: T, valuesPerTarget: V };
  });
}

async function tfjsPredict(model: tf.LayersModel, x: tf.Tensor3D): Promise<Float32Array> {
  const pred = tf.tidy(() => model.predict(x) as tf.Tensor);
  try {
    return (await pred.data()) as Float32Array;
  } finally {
    x.dispose();
    pred.dispose();
  }
}

/** One target's forecast, one value per step: `value` is the quantile index (default the median / the point). */
export function pointsOf(forecast: Forecast, target: number, value: number): number[] {
  const out = new Array<number>(forecast.horizon);
  for (let s = 0; s < forecast.horizon; s++) out[s] = forecast.values[(s * forecast.targets + target) * forecast.valuesPerTarget + value];
  return out;
}
