import { initBackend } from '@tsf/forecasting';
import { trainGlobalModel } from './global-model';
import './mlp-architecture';
import { TASK_LOSS, type Budget, type ModelPlan, type TaskName } from './model-plans';
import { loadTask } from './tasks/load-task';

/** A unit of work for one thread: the baselines of a task, or one model trained and forecasting on a task. */
export type Job =
  | { readonly kind: 'baselines'; readonly task: TaskName }
  | { readonly kind: 'model'; readonly task: TaskName; readonly plan: ModelPlan; readonly budget: Budget; readonly seed: number };

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
  const { horizon } = task;
  if (job.kind === 'baselines') {
    const rows = task.baselineForecasts().map(({ name, forecasts }) => ({ name, forecasts: flatten(forecasts, horizon) }));
    return { task: job.task, rows };
  }
  await initBackend();
  const { plan, budget } = job;
  const tokens = task.freeLookback ? (plan.tokens ?? task.tokens) : task.tokens;
  const { train, val } = task.trainingWindows({ stride: budget.stride, tokens });
  progress(`${job.task} ${plan.name}: ${train.count} training windows of ${tokens} patches, ${budget.epochs} epochs`);
  const model = await trainGlobalModel(plan.spec, train, val, {
    ...budget,
    loss: TASK_LOSS[job.task],
    clipNorm: 1,
    seed: job.seed,
    onEpoch: (p) => progress(`${job.task} ${plan.name}: epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)} val ${p.valLoss?.toFixed(4)} ${(p.elapsedMs / 1000).toFixed(0)}s`),
  });
  try {
    const windows = task.forecastWindows(tokens);
    const forecasts = task.toForecasts(model.predict(windows.windows.inputs, windows.windows.count), windows);
    const training = { seconds: model.trainSeconds, epochs: model.epochs, valLoss: model.valLoss };
    return { task: job.task, rows: [{ name: plan.name, forecasts: flatten(forecasts, horizon), training }] };
  } finally {
    model.dispose();
  }
}
