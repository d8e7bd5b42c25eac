import { dlinear, initBackend } from '@tsf/forecasting';
import { trainGlobalModel } from './global-model';
import { CLOSED_FORM_DLINEAR, TASK_LOSS, type Budget, type ModelPlan, type TaskName } from './model-plans';
import { loadTask } from './tasks/load-task';
import type { Task } from './tasks/task';

/** A unit of work for one thread: the baselines of a task, or one model trained and forecasting on a task. */
export type Job =
  | { readonly kind: 'baselines'; readonly task: TaskName }
  | { readonly kind: 'model'; readonly task: TaskName; readonly plan: ModelPlan; readonly budget: Budget | null; readonly seed: number };

/** Forecasts of one table row on one task, flat (window-major), in the task's units. */
export interface RowForecasts {
  readonly name: string;
  readonly forecasts: Float64Array;
  /** tsf models only. */
  readonly training?: { readonly seconds: number; readonly epochs: number; readonly valLoss: number };
}

export interface JobResult {
  readonly task: TaskName;
  readonly rows: RowForecasts[];
}

const flatten = (forecasts: readonly ArrayLike<number>[], horizon: number): Float64Array => {
  const flat = new Float64Array(forecasts.length * horizon);
  forecasts.forEach((forecast, w) => flat.set(forecast, w * horizon));
  return flat;
};

/** Runs a job in this thread; `progress` gets one line per epoch. */
export async function runJob(job: Job, dataDirectory: string, progress: (line: string) => void): Promise<JobResult> {
  const task = loadTask(job.task, dataDirectory);
  if (job.kind === 'baselines') {
    const rows = task.baselineForecasts().map(({ name, forecasts }) => ({ name, forecasts: flatten(forecasts, task.horizon) }));
    return { task: job.task, rows };
  }
  const { plan, budget } = job;
  const tokens = task.freeLookback ? (plan.tokens ?? task.tokens) : task.tokens;
  const row = budget === null ? fitClosedForm(task, plan, tokens) : await trainWindowModel(task, job.task, plan, budget, tokens, job.seed, progress);
  return { task: job.task, rows: [row] };
}

/** The lib's dlinear, fitted by ridge least squares on the task's series. */
function fitClosedForm(task: Task, plan: ModelPlan, tokens: number): RowForecasts {
  if (plan.spec.architecture !== CLOSED_FORM_DLINEAR || !task.closedForm) throw new Error(`${plan.name} cannot be fitted in closed form on ${task.name}`);
  const { horizon, season } = task;
  const started = performance.now();
  const { forecasts, valLoss } = task.closedForm((training) => {
    const model = dlinear({ lookback: tokens * season, horizon, season });
    model.fitMany(training);
    return (history) => model.predictFrom(history, horizon);
  });
  return { name: plan.name, forecasts: flatten(forecasts, horizon), training: { seconds: (performance.now() - started) / 1000, epochs: 0, valLoss } };
}

/** A registered tfjs architecture trained as one global model on the task's windows. */
async function trainWindowModel(
  task: Task,
  taskName: TaskName,
  plan: ModelPlan,
  budget: Budget,
  tokens: number,
  seed: number,
  progress: (line: string) => void,
): Promise<RowForecasts> {
  await initBackend();
  const { train, val } = task.trainingWindows({ stride: budget.stride, tokens });
  const label = `${taskName} ${plan.name}`;
  progress(`${label}: ${train.count} training windows of ${tokens} patches, ${budget.epochs} epochs`);
  const model = await trainGlobalModel(plan.spec, train, val, {
    ...budget,
    loss: TASK_LOSS[taskName],
    clipNorm: 1,
    seed,
    onEpoch: (p) => progress(`${label}: epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)} val ${p.valLoss?.toFixed(4)} ${(p.elapsedMs / 1000).toFixed(0)}s`),
  });
  try {
    const windows = task.forecastWindows(tokens);
    const forecasts = task.toForecasts(model.predict(windows.windows.inputs, windows.windows.count), windows);
    return { name: plan.name, forecasts: flatten(forecasts, task.horizon), training: { seconds: model.trainSeconds, epochs: model.epochs, valLoss: model.valLoss } };
  } finally {
    model.dispose();
  }
}
