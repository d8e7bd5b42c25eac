/**
 * The definition of an `auto` model: a spec of architecture 'auto' whose `lookback` is the most history any of its
 * forecasts may read (auto chooses its lookbacks up to it) and whose params say what auto may not choose by itself.
 * Everything else (lookbacks, transforms, candidates, loss, batch size, epochs) it derives from the horizon, the
 * season and the training series (see planAuto).
 */
import { z } from 'zod';

export const AUTO_ARCHITECTURE = 'auto';

/** Most members an auto model keeps (the best by validation loss, combined by their median). */
export const MAX_AUTO_MEMBERS = 5;

/** Default time budget of an auto fit, in seconds: every candidate together. */
export const DEFAULT_AUTO_TIME_BUDGET_SECONDS = 450;

export const autoParamsSchema = z
  .object({
    /** The seasonal period: a number of steps, or 'auto' (detected on the training series with detectSeason). */
    season: z.union([z.number().int().min(1).max(10_000), z.literal('auto')]).default('auto'),
    /** Seconds every candidate's training may take together (each gets an equal share). */
    timeBudgetSeconds: z.number().positive().max(7 * 86_400).default(DEFAULT_AUTO_TIME_BUDGET_SECONDS),
    /** Most candidates kept and combined (1 selects the best alone). */
    maxMembers: z.number().int().min(1).max(MAX_AUTO_MEMBERS).default(3),
  })
  .strict();

export type AutoParams = z.output<typeof autoParamsSchema>;
