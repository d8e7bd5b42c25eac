import type { Row } from './results';
import type { Task } from './tasks';

const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

/**
 * A task's Markdown table: a row per tsf model, then the baselines, each with its fit seconds and the command that
 * reproduces it; then the task's published figures in italics. A row without figures says why under the table.
 */
export function taskTable(task: Task, rows: readonly Row[]): string {
  const header = ['model', ...task.metrics.map((metric) => metric.header), 'fit s', 'command'];
  const measured = rows.map((row) => [
    `${row.kind === 'tsf' ? 'tsf' : 'baseline'} ${row.name}`,
    ...task.metrics.map(({ key, digits }) => row.scores[key]?.toFixed(digits) ?? ''),
    row.fitSeconds?.toFixed(0) ?? '',
    `\`${row.command}\``,
  ]);
  const published = task.published.map(({ name, values }) => [
    `*${name} (published)*`,
    ...task.metrics.map(({ key, digits }) => (values[key] === undefined ? '' : `*${values[key]?.toFixed(digits)}*`)),
    '',
    '',
  ]);
  const notes = rows.filter((row) => row.error !== undefined).map((row) => `- ${row.name}: not scored (${row.error})`);
  return [
    `### ${task.title}`,
    '',
    line(header),
    line(header.map((_, c) => (c === 0 || c === header.length - 1 ? '---' : '---:'))),
    ...measured.map(line),
    ...published.map(line),
    ...(notes.length === 0 ? [] : ['', ...notes]),
  ].join('\n');
}
