import { DatasetError, mae, mase, owa, rmse, smape } from '@tsf/forecasting';
import type { SeriesSplit } from './dataset';

/** A model's accuracy, each metric averaged over every series and fold as the M4 competition does. */
export interface ModelScores {
  readonly smape: number;
  readonly mase: number;
  /** Against Naive2's averages on the same splits; absent when Naive2 could not be scored. */
  readonly owa?: number;
  readonly mae: number;
  readonly rmse: number;
}

/** Running sums of the per-split metrics of one model. */
export class ScoreAccumulator {
  private count = 0;
  private readonly sums = { smape: 0, mase: 0, mae: 0, rmse: 0 };

  constructor(
    private readonly season: number,
    private readonly file: string,
  ) {}

  add(split: SeriesSplit, forecast: readonly number[]): void {
    try {
      this.sums.smape += smape(split.actual, forecast);
      this.sums.mase += mase(split.actual, forecast, split.train, this.season);
      this.sums.mae += mae(split.actual, forecast);
      this.sums.rmse += rmse(split.actual, forecast);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new DatasetError(`series ${split.id}: ${error.message}`, this.file);
    }
    this.count++;
  }

  /** Mean of each metric; OWA relative to `naive2` (the Naive2 means) when given. */
  scores(naive2?: Pick<ModelScores, 'smape' | 'mase'>): ModelScores {
    const mean = (sum: number) => sum / this.count;
    const smapeMean = mean(this.sums.smape);
    const maseMean = mean(this.sums.mase);
    const relative = naive2 !== undefined && naive2.smape > 0 && naive2.mase > 0 ? { owa: owa({ smape: smapeMean, mase: maseMean }, naive2) } : {};
    return { smape: smapeMean, mase: maseMean, ...relative, mae: mean(this.sums.mae), rmse: mean(this.sums.rmse) };
  }
}
