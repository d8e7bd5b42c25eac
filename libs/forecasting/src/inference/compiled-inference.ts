import type * as tf from '@tensorflow/tfjs';
import type { ForecastLayout } from '../forecaster-spec';
import { DirectInference } from './direct-inference';
import type { ForecastContexts } from './forecast-context';
import { type Forecast, recursiveForecast } from './recursive-forecast';

/**
 * A model's forecasts, compiled for inference without tfjs when the model is one DirectInference runs: compiled once
 * per set of weights (a model it does not run is remembered too, not retried per forecast), released before the
 * weights change.
 */
export class CompiledInference {
  /** null: not a model DirectInference runs; undefined: not compiled since the last release. */
  private compiled: DirectInference | null | undefined;

  forecast(model: tf.LayersModel, layout: ForecastLayout, contexts: ForecastContexts): Promise<Forecast[]> {
    if (this.compiled === undefined) this.compiled = DirectInference.compile(model);
    return recursiveForecast(model, this.compiled, layout, contexts);
  }

  release(): void {
    this.compiled?.release();
    this.compiled = undefined;
  }
}
