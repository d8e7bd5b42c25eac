import { Inject, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { ForecastQuery, ForecastResponse } from '@tsf/contracts';
import { type Model, type ModelVersion, PG_POOL, readSeries } from '@tsf/db';
import { activeBackend } from '@tsf/forecasting';
import { ModelStore, VersionStore } from '@tsf/registry';
import type { Pool } from 'pg';
import { ModelCache } from './model-cache';

/** The spacing of a series: the median gap of its last points (robust to a missing point or two). */
export function inferStepMs(timestamps: Float64Array): number {
  const gaps = [];
  for (let i = Math.max(1, timestamps.length - 50); i < timestamps.length; i++) gaps.push(timestamps[i] - timestamps[i - 1]);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? 3_600_000;
}

@Injectable()
export class ForecastService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly models: ModelStore,
    private readonly versions: VersionStore,
    private readonly cache: ModelCache,
  ) {}

  async forecast(seriesKey: string, query: ForecastQuery): Promise<ForecastResponse> {
    const { model, version } = await this.resolve(seriesKey, query);
    const forecaster = await this.cache.get(version.id, () => this.versions.loadArtifact(version));
    const need = forecaster.minHistory();
    const data = await readSeries(this.pool, seriesKey, { last: need + 50 });
    if (!data) throw new NotFoundException({ title: 'Series not found', detail: `no series ${seriesKey}` });
    if (data.values.length < need) {
      throw new UnprocessableEntityException({
        title: 'Not enough history',
        detail: `model ${model.name} needs at least ${need} points of ${seriesKey}; it has ${data.values.length}`,
        minimumPoints: need,
        availablePoints: data.values.length,
      });
    }
    const values = await forecaster.predict(Array.from(data.values), query.horizon);
    const step = inferStepMs(data.timestamps);
    const last = data.timestamps[data.timestamps.length - 1];
    return {
      series: seriesKey,
      model: model.name,
      version: version.version,
      backend: activeBackend()?.name ?? 'unknown',
      horizon: query.horizon,
      generatedAt: new Date().toISOString(),
      points: values.map((value, i) => ({ ts: new Date(last + (i + 1) * step).toISOString(), value })),
    };
  }

  /** The named model (or the first model serving the series) and the named version (or its production one). */
  private async resolve(seriesKey: string, query: ForecastQuery): Promise<{ model: Model; version: ModelVersion }> {
    const candidates = query.model ? [await this.models.byName(query.model)].filter((m): m is Model => m !== null) : await this.models.forSeries(seriesKey);
    if (candidates.length === 0) {
      throw new NotFoundException({ title: 'Model not found', detail: query.model ? `no model ${query.model}` : `no model serves ${seriesKey}` });
    }
    for (const model of candidates) {
      const version = query.version ? await this.versions.get(model.id, query.version) : await this.versions.production(model.id);
      if (version) return { model, version };
    }
    throw new NotFoundException({
      title: 'Version not found',
      detail: query.version ? `model ${candidates[0].name} has no version ${query.version}` : `no production version yet for ${seriesKey}; train one first`,
    });
  }
}
