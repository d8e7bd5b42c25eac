import { InvalidArgumentError, TransformDomainError } from '../errors';
import type { LogSpec } from './transform-spec';

/**
 * The Box-Cox power transform y = (x^λ − 1) / λ, the natural log for λ = 0. Its domain is x > 0 (x ≥ 0 for λ > 0):
 * a value outside it has no transformed value, so it is refused, never mapped to NaN.
 */
export class PowerTransform {
  constructor(readonly lambda: number) {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new InvalidArgumentError(`Box-Cox λ must be finite and ≥ 0 (got ${lambda})`);
  }

  /** The transform a spec's `log` asks for, or null for none. */
  static of(spec: LogSpec | undefined): PowerTransform | null {
    if (spec === undefined || spec === false) return null;
    return new PowerTransform(spec === true ? 0 : spec.boxCox);
  }

  /** What the domain is, for error messages. */
  get domain(): string {
    return this.lambda === 0 ? 'positive values (> 0)' : 'non-negative values (≥ 0)';
  }

  inDomain(x: number): boolean {
    return this.lambda === 0 ? x > 0 : x >= 0;
  }

  /** Index of the first value of values[from..] outside the domain, or -1. */
  firstOutOfDomain(values: ArrayLike<number>, from = 0): number {
    for (let i = from; i < values.length; i++) if (!this.inDomain(values[i])) return i;
    return -1;
  }

  forward(x: number): number {
    if (!this.inDomain(x)) throw new TransformDomainError(`the ${this.name} transform needs ${this.domain}; got ${x}`, { value: x });
    return this.lambda === 0 ? Math.log(x) : (Math.pow(x, this.lambda) - 1) / this.lambda;
  }

  /** The inverse; a y below the transform's range (λ·y + 1 ≤ 0, only for λ > 0) is the range's bottom, x = 0. */
  inverse(y: number): number {
    if (this.lambda === 0) return Math.exp(y);
    const base = this.lambda * y + 1;
    return base <= 0 ? 0 : Math.pow(base, 1 / this.lambda);
  }

  get name(): string {
    return this.lambda === 0 ? 'log' : `Box-Cox (λ=${this.lambda})`;
  }
}
