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
export { reseedDropout, SeededDropout, type SeededDropoutArgs } from './layers';
export {
  causalMask,
  dense3d,
  isAttentionLayer,
  MultiHeadAttention,
  scaledDotProductAttention,
  type AttentionLayer,
  type MultiHeadAttentionArgs,
} from './attention';
export { AttentionDecoder, type AttentionDecoderArgs, type DecoderTeacher } from './attention-decoder';
export { cellStep, GATES, stateFrom, type CellKind, type CellState, type CellStep, type CellWeights } from './recurrent-cells';
export { LayerNorm, type LayerNormArgs } from './layer-norm';
export { PositionalEncoding, sinusoidalPositionalEncoding } from './positional-encoding';
export {
  medianIndex,
  monotoneQuantiles,
  outputSize,
  pointForecast,
  QuantileHead,
  valuesPerTarget,
  withOutputHead,
  type OutputLayout,
  type QuantileHeadArgs,
} from './output-head';
export { buildSeq2seqModel, scheduledSamplingStep, seq2seq, seq2seqConfigSchema, type Seq2seqConfig } from './seq2seq';
export { buildTransformerModel, transformer, transformerConfigSchema, type TransformerConfig } from './transformer';
export { buildMlpModel, mlp, mlpConfigSchema, type MlpConfig } from './mlp';
export { embeddedInput, SeriesEmbedding, type EmbeddingDims, type EmbeddingTable, type SeriesEmbeddingArgs } from './series-embedding';
export { summarizeModel, type LayerSummary, type ModelSummary } from './summary';
