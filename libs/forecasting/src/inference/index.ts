export { attentionWeightsOf } from './attention-weights';
export { CompiledInference } from './compiled-inference';
export { DIRECT_INFERENCE_ENV_VAR, DirectInference } from './direct-inference';
export { assertForecastRequest, ForecastContexts, historiesRequest, MAX_PREDICT_STEPS, type ForecastRequest, type PredictInputs } from './forecast-context';
export { forecastByPasses, pointsOf, recursiveForecast, type Forecast, type ForecastPass } from './recursive-forecast';
