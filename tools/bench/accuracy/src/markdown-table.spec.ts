import { taskTable } from './markdown-table';
import type { Row } from './results';
import { TASKS } from './tasks';

describe('accuracy bench › markdown table', () => {
  const rows: Row[] = [
    { name: 'mlp', kind: 'tsf', scores: { mse: 0.36912, mae: 0.391 }, fitSeconds: 22.4, command: 'node tools/cli/bin/tsf.js backtest --model mlp --json' },
    { name: 'auto', kind: 'tsf', scores: {}, error: 'exit code 1: out of memory', command: 'node tools/cli/bin/tsf.js backtest --model auto --json' },
    { name: 'seasonalNaive', kind: 'baseline', scores: { mse: 0.512, mae: 0.433 }, command: 'node tools/cli/bin/tsf.js backtest --model naive --json' },
  ];
  const table = taskTable(TASKS.etth1, rows).split('\n');

  it("prints the task's metrics, fit seconds and, for every row, the command that reproduces it", () => {
    expect(table[0]).toBe(`### ${TASKS.etth1.title}`);
    expect(table[2]).toBe('| model | MSE | MAE | fit s | command |');
    expect(table[4]).toBe('| tsf mlp | 0.3691 | 0.3910 | 22 | `node tools/cli/bin/tsf.js backtest --model mlp --json` |');
    expect(table[6]).toBe('| baseline seasonalNaive | 0.5120 | 0.4330 |  | `node tools/cli/bin/tsf.js backtest --model naive --json` |');
  });

  it('prints the published figures of the task in italics, and why a row has none under the table', () => {
    expect(table).toContain('| *DLinear (published)* | *0.3750* | *0.3990* |  |  |');
    expect(table.some((line) => line.includes('ES-RNN'))).toBe(false);
    expect(table.at(-1)).toBe('- auto: not scored (exit code 1: out of memory)');
  });
});
