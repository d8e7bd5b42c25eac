/** The architectures `npm run bench:train` trains, each as a tsf spec and as the PyTorch reference's model. */

export interface TorchModelSpec {
  kind: 'lstm' | 'gru' | 'transformer' | 'mlp' | 'seq2seq';
  /** Recurrent layers' units; seq2seq: one entry, the encoder's and decoder's. */
  units?: number[];
  /** seq2seq: width of the additive attention. */
  attentionUnits?: number;
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
  /** Time Forecaster.predict on the first model trained (direct inference and tfjs' predict()). */
  latency?: true;
}

const transformer = { dModel: 64, heads: 4, layers: 2, ffUnits: 128 };
const deepTransformer = { ...transformer, layers: 4 };
const mlpHidden = [512, 512];
const seq2seq = { units: 64, attentionUnits: 32 };

export const BENCH_CASES: BenchCase[] = [
  { id: 'lstm', label: 'LSTM(64)', tsf: { architecture: 'lstm', params: { layers: [64] } }, torch: { kind: 'lstm', units: [64] }, latency: true },
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
    latency: true,
  },
  {
    id: 'transformer4',
    label: 'Transformer(d64,h4,4 blocks)',
    tsf: { architecture: 'transformer', params: { ...deepTransformer, dropout: 0 } },
    torch: { kind: 'transformer', ...deepTransformer },
  },
  {
    id: 'seq2seq',
    label: 'seq2seq LSTM(64), attention(32)',
    // teacher-forced throughout, as the PyTorch peer trains
    tsf: { architecture: 'seq2seq', params: { ...seq2seq, scheduledSampling: { schedule: 'none' } } },
    torch: { kind: 'seq2seq', units: [seq2seq.units], attentionUnits: seq2seq.attentionUnits },
    latency: true,
  },
  { id: 'mlp', label: 'MLP(512,512)', tsf: { architecture: 'mlp', params: { hidden: mlpHidden } }, torch: { kind: 'mlp', hidden: mlpHidden } },
  { id: 'linear', label: 'Linear (MLP, no hidden layer)', tsf: { architecture: 'mlp', params: { hidden: [] } }, torch: { kind: 'mlp', hidden: [] } },
];
