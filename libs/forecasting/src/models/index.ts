export {
  architectures,
  formatIssues,
  getArchitecture,
  listArchitectures,
  parseArchitectureParams,
  registerArchitecture,
  type Architecture,
  type BuildOptions,
  type ModelDims,
} from './registry';
export {
  buildRecurrentModel,
  gru,
  gruConfigSchema,
  lstm,
  lstmConfigSchema,
  rnn,
  rnnConfigSchema,
  type GruConfig,
  type LstmConfig,
  type RnnConfig,
} from './recurrent';
export { orthogonalMatrix, TsfLstmBias, TsfOrthogonal, type LstmBiasArgs, type OrthogonalArgs } from './initializers';
export { SeededDropout, type SeededDropoutArgs } from './layers';
