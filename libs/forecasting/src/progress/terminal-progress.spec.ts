import { formatDuration, TerminalProgress, type FitProgress } from '../index';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 200, write: (c: string) => chunks.push(c) } };
}
const epoch = (e: number, extra: Partial<FitProgress> = {}): FitProgress => ({
  epoch: e,
  epochs: 4,
  loss: 0.5 / e,
  learningRate: 0.001,
  elapsedMs: e * 1000,
  etaMs: (4 - e) * 1000,
  ...extra,
});

describe('TerminalProgress', () => {
  it('redraws one line in place on a TTY', () => {
    const { chunks, stream } = sink(true);
    const p = new TerminalProgress({ stream, label: 'lstm', barWidth: 8 });
    p.onEpoch(epoch(1, { valLoss: 0.7 }));
    p.onEpoch(epoch(2));
    p.done('done');
    expect(chunks[0]).toBe('\r\x1b[2Klstm ██░░░░░░ 1/4 loss 0.50000 val 0.70000 1s eta 3s');
    expect(chunks[1]).toBe('\r\x1b[2Klstm ████░░░░ 2/4 loss 0.25000 2s eta 2s');
    expect(chunks.slice(2)).toEqual(['\n', 'lstm done\n']);
  });

  it('writes plain lines when not a TTY', () => {
    const { chunks, stream } = sink(false);
    const p = new TerminalProgress({ stream, every: 2 });
    [1, 2, 3, 4].forEach((e) => p.onEpoch(epoch(e)));
    p.done();
    expect(chunks).toEqual([
      'epoch 1/4 loss=0.50000 lr=1.00e-3 elapsed=1s eta=3s\n',
      'epoch 2/4 loss=0.25000 lr=1.00e-3 elapsed=2s eta=2s\n',
      'epoch 4/4 loss=0.12500 lr=1.00e-3 elapsed=4s eta=0s\n',
    ]);
    expect(chunks.join('')).not.toContain('\r');
  });

  it('formats durations', () => {
    expect([0, 59_400, 61_000, 3_725_000].map(formatDuration)).toEqual(['0s', '59s', '1m01s', '1h02m']);
  });
});
