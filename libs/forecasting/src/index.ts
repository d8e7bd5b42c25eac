/**
 * @tsf/forecasting: Keras-like time-series forecasting on TensorFlow.js.
 *
 *   await initBackend();                       // tfjs-node(-gpu) > wasm > cpu, or $TSF_TF_BACKEND
 *   const f = Forecaster.create({ architecture: 'lstm', lookback: 48, horizon: 24, params: { layers: [64] } });
 *   await f.fit(series, { epochs: 30, validationSplit: 0.1, patience: 5, seed: 1 });
 *   const next24 = await f.predict(series);
 *   const bytes = await f.save();  const again = await Forecaster.load(bytes);
 */
export * from './errors';
export * from './backend';
export * from './scaling';
export * from './transforms';
export * from './windowing';
export * from './models';
export * from './kernels';
export * from './training';
export * from './progress';
export { Forecaster } from './forecaster';
export * from './auto';
export * from './ensembles';
export * from './reservoir';
export * from './embeddings';
export { DIRECT_INFERENCE_ENV_VAR, MAX_PREDICT_STEPS, type PredictInputs } from './inference';
export { type ScalingMode } from './serialization';
export {
  forecastLayout,
  forecasterSpecSchema,
  modelDims,
  validateSpec,
  type ForecasterSpec,
  type ForecastLayout,
  type ForecastStrategy,
} from './forecaster-spec';
export { CONTAINER_MAGIC, CONTAINER_VERSION } from './serialization';
export { LIBRARY_VERSION } from './version';
export * from './metrics';
export * from './intervals';
export * from './baselines';
export * from './backtest';
export * from './datasets';
export * from './admission';
export * from './time';
export { deriveSeed, mulberry32, shuffleInPlace } from './util/random';
