export { combineForecasts, EnsembleForecaster, memberSpecsOf } from './ensemble-forecaster';
export {
  ENSEMBLE_ARCHITECTURE,
  ensembleMemberSchema,
  ensembleParamsSchema,
  MAX_ENSEMBLE_MEMBERS,
  MIN_ENSEMBLE_MEMBERS,
  type EnsembleCombine,
  type EnsembleMember,
  type EnsembleParams,
} from './ensemble-spec';
export type { ForecastModel } from './forecast-model';
export { createForecastModel, loadForecastModel } from './model-factory';
