import type { TaskName } from './model-plans';
import type { Row } from './results';

/** A column: a metric of a task (or its training time), with the digits it is printed with. */
interface Column {
  readonly task: TaskName;
  readonly header: string;
  readonly metric: string | 'train s';
  readonly digits: number;
}

const COLUMNS: readonly Column[] = [
  { task: 'm4', header: 'M4-H sMAPE', metric: 'sMAPE', digits: 2 },
  { task: 'm4', header: 'M4-H MASE', metric: 'MASE', digits: 3 },
  { task: 'm4', header: 'M4-H OWA', metric: 'OWA', digits: 3 },
  { task: 'm4', header: 'M4-H train s', metric: 'train s', digits: 0 },
  { task: 'etth1', header: 'ETTh1-96 MSE', metric: 'MSE', digits: 3 },
  { task: 'etth1', header: 'ETTh1-96 MAE', metric: 'MAE', digits: 3 },
  { task: 'etth1', header: 'ETTh1 train s', metric: 'train s', digits: 0 },
  { task: 'etth1-ot', header: 'OT-96 MSE', metric: 'MSE', digits: 4 },
  { task: 'etth1-ot', header: 'OT-96 MAE', metric: 'MAE', digits: 4 },
  { task: 'etth1-ot', header: 'OT train s', metric: 'train s', digits: 0 },
];

/** Published figures printed under the measured rows (the M4 paper, Makridakis et al. 2020; PatchTST, Nie et al. 2023). */
const PUBLISHED: ReadonlyArray<{ name: string; values: Partial<Record<string, number>> }> = [
  { name: 'Naive2 (published)', values: { 'M4-H sMAPE': 18.38, 'M4-H MASE': 2.4 } },
  { name: 'ES-RNN, M4 winner (published)', values: { 'M4-H sMAPE': 9.33, 'M4-H MASE': 0.89 } },
  { name: 'PatchTST/64 (published)', values: { 'ETTh1-96 MSE': 0.37, 'ETTh1-96 MAE': 0.4, 'OT-96 MSE': 0.059, 'OT-96 MAE': 0.189 } },
  { name: 'DLinear (published)', values: { 'ETTh1-96 MSE': 0.375, 'ETTh1-96 MAE': 0.399, 'OT-96 MSE': 0.056, 'OT-96 MAE': 0.18 } },
];

/** The results as a Markdown table: measured rows, then the published anchors (of the tasks shown) in italics. */
export function markdownTable(rows: readonly Row[], tasks: readonly TaskName[]): string {
  const columns = COLUMNS.filter((column) => tasks.includes(column.task));
  const measured = rows.map((row) => {
    const label = row.kind === 'tsf' ? `tsf ${row.name}` : row.kind === 'ensemble' ? '**tsf ensemble**' : `baseline ${row.name}`;
    return [
      label,
      ...columns.map(({ task, metric, digits }) => {
        const cell = row.cells[task];
        const value = metric === 'train s' ? cell?.trainSeconds : cell?.scores[metric];
        return value === undefined ? '' : value.toFixed(digits);
      }),
    ];
  });
  const published = PUBLISHED.filter(({ values }) => columns.some(({ header }) => values[header] !== undefined)).map(({ name, values }) => [`*${name}*`, ...columns.map(({ header, digits }) => (values[header] === undefined ? '' : `*${values[header]?.toFixed(digits)}*`))]);
  const header = ['model', ...columns.map((column) => column.header)];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, c) => (c === 0 ? '---' : '---:'))), ...measured.map(line), ...published.map(line)].join('\n');
}
