import { z } from 'zod';
import { commandLine, type RunOutcome } from './runs';
import type { Metric } from './tasks';

/** What the bench reads of `tsf backtest --json`: each model's figures, or why a baseline could not run. */
const reportSchema = z.object({
  models: z.record(
    z.string(),
    z.union([
      z.object({
        smape: z.number(),
        mase: z.number().optional(),
        owa: z.number().optional(),
        mae: z.number(),
        mse: z.number(),
        fitSeconds: z.number(),
        architecture: z.string().optional(),
        intervals: z.object({ coverage80: z.number().optional(), coverage95: z.number().optional(), msis: z.number().optional() }).optional(),
      }),
      z.object({ error: z.string() }),
    ]),
  ),
});

/** One row of a task's table: a model's figures and the command that printed them. */
export interface Row {
  readonly name: string;
  readonly kind: 'tsf' | 'baseline';
  readonly scores: Partial<Record<Metric['key'], number>>;
  readonly fitSeconds?: number;
  /** Why there are no figures (the run failed, or a baseline cannot run on the data). */
  readonly error?: string;
  readonly command: string;
}

/**
 * The rows of one run: the tsf model it ran (`architecture` set in the report), or every baseline when it ran none.
 * A run that failed or printed no report is one row saying why.
 */
export function rowsOf(outcome: RunOutcome): Row[] {
  const command = commandLine(outcome.run);
  const failed = (error: string): Row[] => [{ name: outcome.run.name, kind: 'tsf', scores: {}, error, command }];
  if (outcome.code !== 0) return failed(`exit code ${outcome.code}: ${outcome.lastError}`);
  let json: unknown;
  try {
    json = JSON.parse(outcome.stdout);
  } catch {
    return failed('no JSON report on stdout');
  }
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) return failed(`unexpected report: ${parsed.error.issues[0]?.message}`);
  const entries = Object.entries(parsed.data.models);
  const tsf = entries.filter(([, model]) => 'architecture' in model && model.architecture !== undefined);
  return (tsf.length > 0 ? tsf : entries).map(([reported, model]): Row => {
    const kind = tsf.length > 0 ? 'tsf' : 'baseline';
    const name = kind === 'tsf' ? outcome.run.name : reported;
    if ('error' in model) return { name, kind, scores: {}, error: model.error, command };
    const { smape, mase, owa, mae, mse, fitSeconds, intervals } = model;
    return { name, kind, scores: { smape, mase, owa, mae, mse, ...intervals }, ...(kind === 'tsf' ? { fitSeconds } : {}), command };
  });
}
