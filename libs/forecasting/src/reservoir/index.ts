export { EsnForecaster, PENALTY_SELECTION_SPLIT } from './esn-forecaster';
export { ESN_ARCHITECTURE, esnParamsSchema, MAX_ESN_RESERVOIRS, type EsnParams, type ResolvedEsnParams } from './esn-spec';
export { Reservoir, spectralRadius, type ReservoirShape, type ReservoirWeights } from './reservoir';
export { chooseRidgePerRow, DEFAULT_RIDGE_PER_ROW, NormalEquations, RIDGE_CANDIDATES, RidgeReadout, type ReadoutState } from './ridge-readout';
