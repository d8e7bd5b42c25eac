/**
 * The candidates auto kept, forecasting as one: every member forecasts every history and their forecasts are combined
 * step by step by their median (combineForecasts, as an ensemble's; one member's forecast is its own). The members may
 * be of different kinds (MLPs and an ESN), which an EnsembleForecaster (of tfjs forecasters) does not hold; they are
 * saved as each member's own bytes, one after another, and restored by whatever loads a model of their kind.
 */
import type { ForecastModel } from '../ensembles/forecast-model';
import { combineForecasts } from '../ensembles/ensemble-forecaster';
import { savedMembers } from '../ensembles/member-bytes';
import { ModelFormatError } from '../errors';
import type { PredictInputs } from '../inference';

export class KeptMembers {
  constructor(readonly members: readonly ForecastModel[]) {}

  /** The longest history a member needs (every member forecasts every history). */
  minHistory(): number {
    return Math.max(...this.members.map((member) => member.minHistory()));
  }

  maxHistory(): number {
    return Math.max(...this.members.map((member) => member.maxHistory()));
  }

  weightBytes(): number {
    return this.members.reduce((sum, member) => sum + member.weightBytes(), 0);
  }

  async predictBatch(histories: ReadonlyArray<ArrayLike<number>>, horizon: number, inputs: ReadonlyArray<PredictInputs>): Promise<number[][]> {
    const byMember: number[][][] = [];
    for (const member of this.members) byMember.push(await member.predictBatch(histories, horizon, inputs));
    return histories.map((_, h) => combineForecasts(byMember.map((forecasts) => forecasts[h]), 'median'));
  }

  checkHistory(history: ArrayLike<number>, horizon: number, inputs: PredictInputs): void {
    for (const member of this.members) member.checkHistory(history, horizon, inputs);
  }

  /** Each member's saved bytes, one after another, and the byte length of each. */
  save(): Promise<{ body: Uint8Array; sizes: number[] }> {
    return savedMembers(this.members);
  }

  /** Restores what save() wrote (`sizes`: each member's byte length); `loadModel` restores one member's bytes. */
  static async load(body: Uint8Array, sizes: readonly number[], loadModel: (bytes: Uint8Array) => Promise<ForecastModel>): Promise<KeptMembers> {
    if (sizes.reduce((a, b) => a + b, 0) !== body.byteLength) throw new ModelFormatError("the kept members' byte lengths do not add up to the saved bytes");
    const members: ForecastModel[] = [];
    try {
      let offset = 0;
      for (const size of sizes) {
        members.push(await loadModel(body.subarray(offset, offset + size)));
        offset += size;
      }
    } catch (error) {
      members.forEach((member) => member.dispose());
      throw error;
    }
    return new KeptMembers(members);
  }

  dispose(): void {
    this.members.forEach((member) => member.dispose());
  }
}
