import type { JobResult, RowForecasts } from './jobs';
import type { TaskName } from './model-plans';
import type { Task, TaskScores } from './tasks/task';

/** What one row reached on one task. */
export interface Cell {
  readonly scores: TaskScores;
  readonly trainSeconds?: number;
}

export interface Row {
  readonly name: string;
  readonly kind: 'tsf' | 'ensemble' | 'baseline';
  readonly cells: Partial<Record<TaskName, Cell>>;
}

/** How many tsf models (the best by validation loss) the ensemble combines. */
export const ENSEMBLE_SIZE = 3;

/** Forecast rows of a flat (window-major) array. */
function unflatten(flat: Float64Array, horizon: number): Float64Array[] {
  return Array.from({ length: flat.length / horizon }, (_, w) => flat.subarray(w * horizon, (w + 1) * horizon));
}

/**
 * Combines forecasts step by step: the median (robust, as in the M4 ensembles) when `median`, else the mean (what
 * minimises squared error, the ETTh1 metric).
 */
export function combine(members: readonly Float64Array[], median: boolean): Float64Array {
  const out = new Float64Array(members[0].length);
  const values = new Float64Array(members.length);
  for (let i = 0; i < out.length; i++) {
    members.forEach((member, m) => (values[m] = member[i]));
    if (!median) {
      out[i] = values.reduce((sum, v) => sum + v, 0) / values.length;
      continue;
    }
    values.sort();
    const mid = values.length >> 1;
    out[i] = values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
  return out;
}

/**
 * The table rows: the tsf models in plan order, the ensemble of each task's ENSEMBLE_SIZE tsf models with the lowest
 * validation loss (chosen without looking at the test data), then the baselines. `members` names the ensemble's
 * models per task.
 */
export function assembleRows(results: readonly JobResult[], tasks: ReadonlyMap<TaskName, Task>): { rows: Row[]; members: Map<TaskName, string[]> } {
  const rows = new Map<string, Row>();
  const rowFor = (name: string, kind: Row['kind']) => {
    const key = `${kind}:${name}`;
    const row = rows.get(key) ?? { name, kind, cells: {} };
    rows.set(key, row);
    return row;
  };
  const tsfByTask = new Map<TaskName, RowForecasts[]>();
  for (const { task: taskName, rows: forecasts } of results) {
    const task = tasks.get(taskName) as Task;
    for (const forecast of forecasts) {
      const kind = forecast.training ? 'tsf' : 'baseline';
      rowFor(forecast.name, kind).cells[taskName] = {
        scores: task.score(unflatten(forecast.forecasts, task.horizon)),
        trainSeconds: forecast.training?.seconds,
      };
      if (forecast.training) tsfByTask.set(taskName, [...(tsfByTask.get(taskName) ?? []), forecast]);
    }
  }
  const members = new Map<TaskName, string[]>();
  for (const [taskName, forecasts] of tsfByTask) {
    if (forecasts.length < 2) continue;
    const task = tasks.get(taskName) as Task;
    const best = [...forecasts].sort((a, b) => (a.training?.valLoss ?? Infinity) - (b.training?.valLoss ?? Infinity)).slice(0, ENSEMBLE_SIZE);
    const combined = combine(best.map((f) => f.forecasts), taskName === 'm4');
    const trainSeconds = best.reduce((sum, f) => sum + (f.training?.seconds ?? 0), 0);
    rowFor('ensemble', 'ensemble').cells[taskName] = { scores: task.score(unflatten(combined, task.horizon)), trainSeconds };
    members.set(taskName, best.map((f) => f.name));
  }
  const order: Row['kind'][] = ['tsf', 'ensemble', 'baseline'];
  return { rows: [...rows.values()].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind)), members };
}
