import { ForecastingError, InvalidArgumentError } from '../errors';
import type { ForecasterSpec } from '../forecaster-spec';
import type { PredictInputs } from '../inference';
import type { ScalingMode } from '../serialization';
import type { FitManyOptions, FitOptions, FitResult } from '../training';
import type { SeriesInput } from '../windowing';
import type { ForecastModel } from './forecast-model';

/**
 * What the model kinds other than one tfjs network share (an ensemble, auto, an ESN): a validated spec, point
 * forecasts only (their intervals are conformal, calibrated on their forecasts), predict() answered by
 * predictBatch(), and a life that ends with dispose(). `kind` names the model in errors ('an ensemble').
 */
export abstract class PointForecastModel implements ForecastModel {
  protected disposed = false;

  protected constructor(
    protected readonly normalizedSpec: ForecasterSpec,
    private readonly kind: string,
  ) {}

  get spec(): ForecasterSpec {
    return structuredClone(this.normalizedSpec);
  }

  async predict(history: ArrayLike<number>, horizon: number = this.normalizedSpec.horizon, inputs: PredictInputs = {}): Promise<number[]> {
    const [forecast] = await this.predictBatch([history], horizon, [inputs]);
    return forecast;
  }

  async predictQuantiles(): Promise<Record<string, number[]>> {
    throw new InvalidArgumentError(`${this.kind} has no quantile head: its intervals are conformal, calibrated on its forecasts`);
  }

  /** fit() as fitMany() of the one series (with its timestamps, zone and covariates from `options`), for the kinds whose fit is no more. */
  protected fitAlone(series: ArrayLike<number>, options: FitOptions): Promise<FitResult> {
    const { timestamps, timeZone, covariates, ...rest } = options ?? ({} as FitOptions);
    return this.fitMany([{ values: series, timestamps, timeZone, covariates }], rest);
  }

  protected assertUsable(): void {
    if (this.disposed) throw new ForecastingError('DISPOSED', `${this.kind} has been disposed`);
  }

  abstract readonly fitted: boolean;
  abstract readonly scalingMode: ScalingMode;
  abstract minHistory(): number;
  abstract maxHistory(): number;
  abstract firstUnfittedPoint(length: number, validationSplit: number): number;
  abstract weightBytes(): number;
  abstract fit(series: ArrayLike<number>, options: FitOptions): Promise<FitResult>;
  abstract fitMany(series: ReadonlyArray<ArrayLike<number> | SeriesInput>, options: FitManyOptions): Promise<FitResult>;
  abstract predictBatch(histories: ReadonlyArray<ArrayLike<number>>, horizon?: number, inputs?: ReadonlyArray<PredictInputs>): Promise<number[][]>;
  abstract checkHistory(history: ArrayLike<number>, horizon?: number, inputs?: PredictInputs): void;
  abstract save(): Promise<Uint8Array>;
  abstract dispose(): void;
}
