import { createModelSchema } from '@tsf/contracts';
import type { Model } from '@tsf/db';
import { admitReadoutUpdate } from './readout-update-admission';
import { admissionLimitsFrom, admitTraining } from './training-admission';

const limits = admissionLimitsFrom({ TSF_MAX_MODEL_PARAMS: 20_000_000, TSF_MAX_TRAINING_MEMORY_MB: 2048, TSF_MAX_JOB_SECONDS: 3600 });
/** An online ESN as stored (the fields admission reads). */
const esn = (reservoirSize: number) => {
  const { architecture, lookback, horizon, params, training } = createModelSchema.parse({
    name: 'online',
    seriesKey: 'online/a',
    architecture: 'esn',
    lookback: 96,
    horizon: 24,
    params: { reservoirSize, online: true },
  });
  return { architecture, lookback, horizon, params, training, quantiles: [], calendar: [], holidays: [], transforms: null } as unknown as Model;
};

describe('readout update admission', () => {
  it('admits the update of a few new windows, pricing each above the fit of the same windows and without its solves', () => {
    const admission = admitReadoutUpdate(esn(100), { total: 500, largest: 500 }, limits);
    expect(admission.ok).toBe(true);
    const fit = admitTraining(esn(100), 500, limits).estimate;
    expect(admission.estimate.totalFlops).toBe(4 * 500 * fit.flopsPerWindow);
    expect(admission.estimate.windows).toBe(500);
  });

  it('refuses, for its memory, the update of one segment of millions of windows; for its time, the same windows over many series', () => {
    expect(admitReadoutUpdate(esn(2000), { total: 5_000_000, largest: 5_000_000 }, limits)).toMatchObject({ ok: false, limit: 'TSF_MAX_TRAINING_MEMORY_MB' });
    const admission = admitReadoutUpdate(esn(2000), { total: 5_000_000, largest: 50 }, limits);
    expect(admission).toMatchObject({ ok: false, limit: 'TSF_MAX_JOB_SECONDS' });
    expect(!admission.ok && admission.detail).toMatch(/^the readout update of 5 million windows would take about .*; TSF_MAX_JOB_SECONDS is 3600 \(60 minutes\)$/);
  });
});
