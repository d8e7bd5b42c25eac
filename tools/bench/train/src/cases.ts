/** The architectures `npm run bench:train` trains, each as a tsf spec and as the PyTorch reference's model. */

export interface TorchModelSpec {
  kind: 'lstm' | 'gru' | 'transformer' | 'mlp';
  units?: number[];
  /** mlp: hidden ReLU layers over the flattened window. */
  hidden?: number[];
  bidirectional?: boolean;
  dModel?: number;
  heads?: number;
  layers?: number;
  ffUnits?: number;
}

export interface BenchCase {
  /** Short id for --models. */
  id: string;
  label: string;
  tsf: { architecture: string; params: Record<string, unknown> };
  torch: TorchModelSpec;
}

const transformer = { dModel: 64, heads: 4, layers: 2, ffUnits: 128 };
const mlpHidden = [512, 512];

export const BENCH_CASES: BenchCase[] = [
  { id: 'lstm', label: 'LSTM(64)', tsf: { architecture: 'lstm', params: { layers: [64] } }, torch: { kind: 'lstm', units: [64] } },
  { id: 'gru', label: 'GRU(64)', tsf: { architecture: 'gru', params: { layers: [64] } }, torch: { kind: 'gru', units: [64] } },
  {
    id: 'bilstm',
    label: 'BiLSTM(64)',
    tsf: { architecture: 'lstm', params: { layers: [64], bidirectional: true } },
    torch: { kind: 'lstm', units: [64], bidirectional: true },
  },
  { id: 'lstm2', label: 'LSTM(64,64)', tsf: { architecture: 'lstm', params: { layers: [64, 64] } }, torch: { kind: 'lstm', units: [64, 64] } },
  {
    id: 'transformer',
    label: 'Transformer(d64,h4,2 blocks)',
    tsf: { architecture: 'transformer', params: { ...transformer, dropout: 0 } },
    torch: { kind: 'transformer', ...transformer },
  },
  { id: 'mlp', label: 'MLP(512,512)', tsf: { architecture: 'mlp', params: { hidden: mlpHidden } }, torch: { kind: 'mlp', hidden: mlpHidden } },
];
