/**
 * Learning-rate schedules, evaluated once per epoch (epoch is 0-based).
 */
export type LearningRateSchedule =
  | { type: 'constant' }
  /** lr · gamma^floor(epoch / stepSize) */
  | { type: 'step'; stepSize: number; gamma?: number }
  /** lr · gamma^epoch */
  | { type: 'exponential'; gamma: number }
  /** Linear warmup over warmupEpochs, then cosine decay from lr to minLearningRate at the last epoch. */
  | { type: 'cosine'; minLearningRate?: number; warmupEpochs?: number }
  /** Multiply by `factor` when the monitored loss has not improved for `patience` epochs. */
  | { type: 'plateau'; factor?: number; patience?: number; minLearningRate?: number }
  /** Custom: return the learning rate for this epoch. */
  | ((epoch: number, baseLearningRate: number) => number);

export interface ScheduleState {
  /** Rate to use for the next epoch. */
  next(epoch: number): number;
  /** Report the monitored loss after an epoch (used by 'plateau'). */
  observe(loss: number): void;
}

export function createSchedule(schedule: LearningRateSchedule | undefined, base: number, epochs: number): ScheduleState {
  if (!schedule) return { next: () => base, observe: () => {} };
  if (typeof schedule === 'function') {
    return {
      next: (epoch) => {
        const lr = schedule(epoch, base);
        if (!(Number.isFinite(lr) && lr > 0)) throw new Error(`learning-rate schedule returned ${lr} for epoch ${epoch}`);
        return lr;
      },
      observe: () => {},
    };
  }
  switch (schedule.type) {
    case 'constant':
      return { next: () => base, observe: () => {} };
    case 'step': {
      const size = Math.max(1, Math.floor(schedule.stepSize));
      const gamma = schedule.gamma ?? 0.1;
      return { next: (e) => base * gamma ** Math.floor(e / size), observe: () => {} };
    }
    case 'exponential':
      return { next: (e) => base * schedule.gamma ** e, observe: () => {} };
    case 'cosine': {
      const min = schedule.minLearningRate ?? 0;
      const warm = Math.max(0, Math.floor(schedule.warmupEpochs ?? 0));
      return {
        next: (e) => {
          if (e < warm) return (base * (e + 1)) / (warm + 1);
          const span = Math.max(1, epochs - 1 - warm);
          const t = Math.min(1, (e - warm) / span);
          return min + 0.5 * (base - min) * (1 + Math.cos(Math.PI * t));
        },
        observe: () => {},
      };
    }
    case 'plateau': {
      const factor = schedule.factor ?? 0.5;
      const patience = Math.max(1, schedule.patience ?? 3);
      const min = schedule.minLearningRate ?? 0;
      let lr = base;
      let best = Infinity;
      let wait = 0;
      return {
        next: () => lr,
        observe: (loss) => {
          if (loss < best * (1 - 1e-4)) {
            best = loss;
            wait = 0;
          } else if (++wait >= patience) {
            lr = Math.max(min, lr * factor);
            wait = 0;
          }
        },
      };
    }
  }
}
