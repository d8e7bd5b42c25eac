/** Auto's kept members forecast as one by their median, whatever their kinds, and save as each one's bytes. */
import type { ForecastModel } from '../ensembles/forecast-model';
import { ModelFormatError } from '../errors';
import { KeptMembers } from './kept-members';

/** A member that forecasts `value` at every step, saved as the one byte `value`. */
function member(value: number, minHistory = 1): ForecastModel {
  return {
    minHistory: () => minHistory,
    maxHistory: () => 10 * minHistory,
    weightBytes: () => value,
    predictBatch: async (histories: ArrayLike<number>[], horizon: number) => histories.map(() => new Array<number>(horizon).fill(value)),
    checkHistory: () => undefined,
    save: async () => Uint8Array.of(value),
    dispose: () => undefined,
  } as unknown as ForecastModel;
}
const load = async (bytes: Uint8Array) => member(bytes[0]);

describe('auto › kept members', () => {
  it("forecast the median of the members' forecasts (one member: its own), reading what the longest reader reads", async () => {
    const kept = new KeptMembers([member(1, 4), member(7, 2), member(3, 6)]);
    expect(await kept.predictBatch([[1, 2, 3, 4, 5, 6]], 2, [])).toEqual([[3, 3]]);
    expect(await new KeptMembers([member(5)]).predictBatch([[1]], 3, [])).toEqual([[5, 5, 5]]);
    expect([kept.minHistory(), kept.maxHistory(), kept.weightBytes()]).toEqual([6, 60, 11]);
  });

  it('save each member as its own bytes and load them back in order', async () => {
    const { body, sizes } = await new KeptMembers([member(1), member(7), member(3)]).save();
    expect(sizes).toEqual([1, 1, 1]);
    const loaded = await KeptMembers.load(body, sizes, load);
    expect(await loaded.predictBatch([[1]], 1, [])).toEqual([[3]]);
    expect(loaded.members.map((m) => m.weightBytes())).toEqual([1, 7, 3]);
    await expect(KeptMembers.load(body, [1, 1], load)).rejects.toThrow(ModelFormatError);
  });
});
