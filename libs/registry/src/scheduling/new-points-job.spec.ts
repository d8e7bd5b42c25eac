import { newPointsJobKind, readoutUpdatable } from './new-points-job';

const esn = { architecture: 'esn' };
const savedWith = (params: Record<string, unknown>) => ({ lineage: { series: ['a'], params: { reservoirSize: 50, ...params } } });

describe('every-N-points trigger › which job it queues', () => {
  it('updates the readout of a production ESN saved with params.online, per-series or global alike', () => {
    expect(newPointsJobKind(esn, savedWith({ online: true }))).toBe('update-readout');
    expect(readoutUpdatable(esn, savedWith({ online: true }))).toBe(true);
  });

  it('retrains an ESN saved without params.online, or with no production version yet', () => {
    expect(newPointsJobKind(esn, savedWith({ online: false }))).toBe('train');
    expect(newPointsJobKind(esn, savedWith({}))).toBe('train');
    expect(newPointsJobKind(esn, null)).toBe('train');
  });

  it('retrains every other kind of model, whatever its params say', () => {
    expect(newPointsJobKind({ architecture: 'gru' }, savedWith({ online: true }))).toBe('train');
    expect(newPointsJobKind({ architecture: 'auto' }, savedWith({ online: true }))).toBe('train');
  });

  it('retrains when the lineage is not what a trained version records (a version registered by hand, an older row)', () => {
    expect(newPointsJobKind(esn, { lineage: {} })).toBe('train');
    expect(newPointsJobKind(esn, { lineage: null })).toBe('train');
    expect(newPointsJobKind(esn, { lineage: { params: { online: 'true' } } })).toBe('train');
  });
});
