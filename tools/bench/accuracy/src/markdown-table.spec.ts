import { markdownTable } from './markdown-table';
import type { Row } from './results';

describe('accuracy bench › markdown table', () => {
  const rows: Row[] = [
    { name: 'mlp', kind: 'tsf', cells: { etth1: { scores: { MSE: 0.3691, MAE: 0.391 }, trainSeconds: 22.4 } } },
    { name: 'seasonalNaive', kind: 'baseline', cells: { etth1: { scores: { MSE: 0.512, MAE: 0.433 } } } },
  ];
  const table = markdownTable(rows, ['etth1']).split('\n');

  it('prints the columns of the tasks run only, tsf rows and baselines labelled', () => {
    expect(table[0]).toBe('| model | ETTh1-96 MSE | ETTh1-96 MAE | ETTh1 train s |');
    expect(table[2]).toBe('| tsf mlp | 0.369 | 0.391 | 22 |');
    expect(table[3]).toBe('| baseline seasonalNaive | 0.512 | 0.433 |  |');
  });

  it('prints the published anchors of those tasks only, in italics', () => {
    const published = table.slice(4);
    expect(published).toContain('| *DLinear (published)* | *0.375* | *0.399* |  |');
    expect(published.some((line) => line.includes('ES-RNN'))).toBe(false);
  });
});
