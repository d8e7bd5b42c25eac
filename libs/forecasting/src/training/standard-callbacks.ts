import {
  BestEpoch,
  Cancellation,
  EarlyStopping,
  History,
  LearningRateScheduler,
  ProgressReporter,
  RestoreBestWeights,
  TerminateOnNaN,
  TimeBudget,
  YieldToEventLoop,
  type FitProgress,
  type TrainingCallback,
} from './callbacks';
import type { LearningRateSchedule } from './schedules';

/** The training behaviours a fit is configured with by name (they are stored with a model's training options). */
export interface StandardCallbackOptions {
  epochs: number;
  learningRate: number;
  schedule?: LearningRateSchedule;
  /** Early stopping patience in epochs; undefined disables early stopping. */
  patience?: number;
  minDelta: number;
  restoreBestWeights: boolean;
  /** Seconds the fit may take (it ends with the epoch in which they run out); undefined: no budget. */
  timeBudgetSeconds?: number;
  onEpoch?: (p: FitProgress) => void | Promise<void>;
  shouldStop?: () => boolean;
}

/** The callbacks every fit has, those its options ask for, and the ones its outcome is read from. */
export interface StandardCallbacks {
  /** In the order their hooks must run: the schedule sees the epoch's loss before progress reports it, etc. */
  readonly list: TrainingCallback[];
  readonly history: History;
  readonly best: BestEpoch;
  readonly restore?: RestoreBestWeights;
}

export function standardCallbacks(options: StandardCallbackOptions): StandardCallbacks {
  const history = new History();
  const best = new BestEpoch(options.minDelta);
  const earlyStopping = options.patience !== undefined;
  const restore = earlyStopping && options.restoreBestWeights ? new RestoreBestWeights(best) : undefined;
  const list: (TrainingCallback | undefined)[] = [
    new TerminateOnNaN(),
    new LearningRateScheduler(options.schedule, options.learningRate, options.epochs),
    history,
    best,
    restore,
    options.onEpoch && new ProgressReporter(options.onEpoch),
    earlyStopping ? new EarlyStopping(best, options.patience!) : undefined,
    options.timeBudgetSeconds !== undefined ? new TimeBudget(options.timeBudgetSeconds) : undefined,
    new YieldToEventLoop(),
    options.shouldStop && new Cancellation(options.shouldStop),
  ];
  return { list: list.filter((c): c is TrainingCallback => c !== undefined), history, best, restore };
}
