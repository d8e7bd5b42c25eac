export { attentionWeightsOf } from './attention-weights';
export { DirectInference } from './direct-inference';
export { assertForecastRequest, ForecastContexts, MAX_PREDICT_STEPS, type ForecastRequest, type PredictInputs } from './forecast-context';
export { pointsOf, recursiveForecast, type Forecast } from './recursive-forecast';
