import type { AutoChoice, TransformsSpec } from '@tsf/forecasting';

/** What an auto model chose in one fold, as the JSON report lists it (`models.<name>.choices`). */
export interface FoldAutoChoice extends AutoChoice {
  /** The fold's index (0 = the oldest origin; always 0 with a test file). */
  readonly fold: number;
}

/** How the season came about: auto's own detection, the CLI's (`--season auto`), or `--season S`. */
function seasonSource(choice: AutoChoice, detectedByCli: boolean): string {
  if (choice.seasonDetected) return 'detected by auto';
  return detectedByCli ? 'detected: --season auto' : 'given: --season';
}

/** "log, no scaling, each window minus the mean of its last 24 values". */
export function describeTransforms(transforms: TransformsSpec): string {
  const parts: string[] = [];
  const { log, scale, level } = transforms;
  if (log === true) parts.push('log');
  else if (typeof log === 'object') parts.push(`Box-Cox λ ${log.boxCox}`);
  parts.push(scale === 'none' ? 'no scaling' : scale === 'mean' ? 'each series divided by its mean absolute value' : 'each series z-scored');
  if (level === 'last') parts.push('each window minus its last value');
  else if (level !== undefined) parts.push(`each window minus the mean of its last ${level.mean} values`);
  return parts.join(', ');
}

const loss = (value: number | undefined) => (value === undefined ? 'none' : Number(value.toPrecision(4)).toString());

function describeCombine({ combine, candidates, minHistory, season }: AutoChoice): string {
  const kept = candidates.filter((candidate) => candidate.kept).length;
  switch (combine) {
    case 'seasonal-naive':
      return 'combine: none, no candidate trained: every series gets the seasonal naive forecast';
    case 'single':
      return `combine: the one kept candidate; histories shorter than ${minHistory} values get seasonal naive (naive under ${season})`;
    case 'median':
      return `combine: the median of ${kept} kept candidates; histories shorter than ${minHistory} values get seasonal naive (naive under ${season})`;
  }
}

/**
 * A few readable lines on what auto chose in one fit: the season and where it came from, the transforms and loss,
 * each candidate (lookback, hidden widths or an ESN's closed-form readout, epochs trained, its own best validation loss,
 * its score on the validation windows shared by every candidate, kept or not), how the kept ones are combined, and
 * auto's reasons.
 */
export function autoChoiceLines(label: string, choice: AutoChoice, seasonDetectedByCli: boolean): string[] {
  const head = `${label}: season ${choice.season} (${seasonSource(choice, seasonDetectedByCli)}); transforms: ${describeTransforms(choice.transforms)}; loss ${choice.loss}`;
  const candidates = choice.candidates.map(
    (candidate, i) =>
      `  candidate ${i + 1}: ${candidate.architecture}, lookback ${candidate.lookback}, ${candidate.hidden ? `hidden ${candidate.hidden.join('×')}` : 'readout in closed form'}, ` +
      `${candidate.epochs} epoch(s) on ${candidate.series} series, best validation loss ${loss(candidate.bestValLoss)}, validation score ${loss(candidate.validationScore)}` +
      `${candidate.stopReason === undefined ? '' : ` (stopped: ${candidate.stopReason})`}: ${candidate.kept ? 'kept' : 'not kept'}`,
  );
  return [head, ...(candidates.length === 0 ? ['  no candidate: no series is long enough to train on'] : candidates), `  ${describeCombine(choice)}`, ...choice.reasons.map((reason) => `  why: ${reason}`)];
}
