export { FUSED_RNN_ENV_VAR, FusedGRU, FusedLSTM, FusedSimpleRNN, fusedRnnEnabled } from './fused-layers';
export { kernelThreadCount, RNN_THREADS_ENV_VAR } from './kernel-threads';
export { recurrentSequence, type RecurrentOpOptions } from './recurrent-op';
export { forwardSequence, GATE_COUNT, type FusedCellKind, type SequenceDims } from './recurrent-kernels';
export { FUSED_DENSE_ENV_VAR, fusedDenseEnabled, fusedDenseForward } from './fused-dense-model';
export { denseStack, type DenseStackLayer } from './dense-op';
export { forwardDenseStack, type DenseActivation, type DenseLayerWeights } from './dense-kernels';
