/**
 * Error types thrown by @tsf/forecasting. Each carries a stable `code` so callers (the API, the trainer)
 * can map failures to responses without matching on message text.
 */
export type ForecastingErrorCode =
  | 'INVALID_SPEC'
  | 'INVALID_ARGUMENT'
  | 'UNKNOWN_ARCHITECTURE'
  | 'INSUFFICIENT_DATA'
  | 'INSUFFICIENT_HISTORY'
  | 'MODEL_FORMAT'
  | 'BACKEND_UNAVAILABLE'
  | 'TRAINING_DIVERGED'
  | 'NOT_FITTED'
  | 'TRANSFORM_DOMAIN'
  | 'DISPOSED'
  | 'BUSY';

export class ForecastingError extends Error {
  constructor(
    readonly code: ForecastingErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A spec or hyperparameter set failed validation. `issues` lists each problem as `path: message`. */
export class SpecError extends ForecastingError {
  constructor(
    message: string,
    readonly issues: string[] = [],
    code: ForecastingErrorCode = 'INVALID_SPEC',
  ) {
    super(code, issues.length ? `${message}: ${issues.join('; ')}` : message, { issues });
  }
}

export class InvalidArgumentError extends ForecastingError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('INVALID_ARGUMENT', message, details);
  }
}

/** The spec names an architecture that is not registered (a SpecError, so callers can treat it as bad input). */
export class UnknownArchitectureError extends SpecError {
  constructor(
    readonly architecture: string,
    readonly available: string[],
  ) {
    super(`Unknown architecture "${architecture}"; available: ${available.join(', ') || '(none)'}`, [], 'UNKNOWN_ARCHITECTURE');
  }
}

/** The training series is too short for the requested lookback/horizon/validation split. */
export class InsufficientDataError extends ForecastingError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('INSUFFICIENT_DATA', message, details);
  }
}

/** predict() got fewer history points than the model's lookback. */
export class InsufficientHistoryError extends ForecastingError {
  constructor(
    readonly required: number,
    readonly actual: number,
  ) {
    super(
      'INSUFFICIENT_HISTORY',
      `predict() needs at least ${required} points of history (the model's lookback); got ${actual}`,
      { required, actual },
    );
  }
}

/** Bytes given to Forecaster.load() are not a valid saved model. */
export class ModelFormatError extends ForecastingError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('MODEL_FORMAT', `Invalid forecaster model bytes: ${message}`, details);
  }
}

export class BackendUnavailableError extends ForecastingError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('BACKEND_UNAVAILABLE', message, details);
  }
}

export class TrainingDivergedError extends ForecastingError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('TRAINING_DIVERGED', message, details);
  }
}

/**
 * A series holds a value the spec's transforms cannot take (the log of a value ≤ 0): the data, not the call, is at
 * fault. `details` names the index, the value and the channel (0: the target, k: covariate k − 1).
 */
export class TransformDomainError extends ForecastingError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('TRANSFORM_DOMAIN', message, details);
  }
}

/** predict() on a forecaster that was never fitted (it has no scaler and untrained weights). */
export class NotFittedError extends ForecastingError {
  constructor() {
    super('NOT_FITTED', 'Forecaster has not been fitted: call fit() first, or Forecaster.load() a trained model');
  }
}
