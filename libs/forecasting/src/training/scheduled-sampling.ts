/**
 * Scheduled sampling (Bengio et al., 2015): while training an autoregressive decoder, each decoder input is the
 * true previous value (teacher forcing) or, with probability p, the model's own previous prediction. p rises over
 * the epochs of a fit, so training starts fully teacher-forced and ends close to how the model runs at inference.
 */
import { z } from 'zod';

export const scheduledSamplingSchema = z
  .object({
    /**
     * How p (probability of feeding the model's own prediction) grows with the 0-based epoch e:
     * - `none`: p = 0 (pure teacher forcing)
     * - `linear`: p = max · min(1, e / rampEpochs), rampEpochs defaulting to the fit's epochs − 1
     * - `exponential`: p = max · (1 − k^e), with 0 < k < 1
     * - `inverse-sigmoid`: p = max · (1 − k / (k + exp(e / k))), with k ≥ 1
     */
    schedule: z.enum(['none', 'linear', 'exponential', 'inverse-sigmoid']).default('inverse-sigmoid'),
    /** Decay constant k of the exponential (0 < k < 1) and inverse-sigmoid (k ≥ 1) schedules; default 0.8 and 3. */
    k: z.number().positive().optional(),
    /** Epochs over which the linear schedule rises to `max`. */
    rampEpochs: z.number().int().min(1).optional(),
    /** Upper bound on p. */
    max: z.number().min(0).max(1).default(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.k === undefined) return;
    if (s.schedule === 'exponential' && !(s.k < 1)) ctx.addIssue({ code: 'custom', path: ['k'], message: 'the exponential schedule needs 0 < k < 1' });
    if (s.schedule === 'inverse-sigmoid' && !(s.k >= 1)) ctx.addIssue({ code: 'custom', path: ['k'], message: 'the inverse-sigmoid schedule needs k >= 1' });
  });

export type ScheduledSampling = z.output<typeof scheduledSamplingSchema>;

/** Probability of feeding the model's own prediction in 0-based `epoch` of a fit of `epochs` epochs. */
export function samplingProbability(s: ScheduledSampling, epoch: number, epochs: number): number {
  switch (s.schedule) {
    case 'none':
      return 0;
    case 'linear': {
      const ramp = s.rampEpochs ?? Math.max(1, epochs - 1);
      return s.max * Math.min(1, epoch / ramp);
    }
    case 'exponential':
      return s.max * (1 - (s.k ?? 0.8) ** epoch);
    case 'inverse-sigmoid': {
      const k = s.k ?? 3;
      return s.max * (1 - k / (k + Math.exp(epoch / k)));
    }
  }
}

/** rows × cols Bernoulli(p) draws as 0/1 floats, from a seeded uniform source. */
export function bernoulliMask(uniform: () => number, p: number, rows: number, cols: number): Float32Array {
  const mask = new Float32Array(rows * cols);
  if (p <= 0) return mask;
  for (let i = 0; i < mask.length; i++) mask[i] = uniform() < p ? 1 : 0;
  return mask;
}
