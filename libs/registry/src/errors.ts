/** The registry's errors, typed so that the API can map each to one HTTP status. */

export class ModelConflictError extends Error {
  constructor(name: string) {
    super(`a model named ${JSON.stringify(name)} already exists`);
    this.name = 'ModelConflictError';
  }
}

/** A model definition that the request schema alone cannot reject (e.g. both or neither of seriesKey and selector). */
export class ModelDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelDefinitionError';
  }
}

/** A model, version or job that does not exist. */
export class NotFoundError extends Error {
  constructor(
    readonly entity: 'model' | 'version' | 'job',
    message: string,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** A stage change the registry refuses: rollback with no earlier production version, promoting an unevaluated candidate. */
export class PromotionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromotionError';
  }
}
