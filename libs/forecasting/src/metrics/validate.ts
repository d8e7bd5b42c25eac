/** Input checks shared by every metric: same length, not empty. */
export function assertPaired(metric: string, actual: ArrayLike<number>, forecast: ArrayLike<number>, forecastName = 'forecast'): void {
  if (actual.length === 0) throw new RangeError(`${metric}: actual values are empty`);
  if (actual.length !== forecast.length) {
    throw new RangeError(`${metric}: actual has ${actual.length} values but ${forecastName} has ${forecast.length}`);
  }
}

/** Mean over the horizon of `term(actual[i], forecast[i], i)`, after checking the pair. */
export function meanOf(
  metric: string,
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  term: (y: number, f: number, i: number) => number,
): number {
  assertPaired(metric, actual, forecast);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += term(actual[i], forecast[i], i);
  return sum / actual.length;
}
