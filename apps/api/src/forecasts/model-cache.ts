import { Inject, Injectable } from '@nestjs/common';
import { Forecaster } from '@tsf/forecasting';
import { API_CONFIG, type ApiConfig } from '../api-config';
import { ApiMetrics } from '../metrics/api-metrics';
import { PredictBatcher } from './predict-batcher';

/** A loaded model version, ready to answer forecasts. */
export interface ServedModel {
  forecaster: Forecaster;
  batcher: PredictBatcher;
  /** Points of history a forecast needs. */
  minHistory: number;
}

/**
 * Loaded forecasters by version id, least recently used evicted beyond TSF_API_MODEL_CACHE_SIZE. Versions are
 * immutable, so an entry never goes stale; which version serves a series is ServingResolver's business.
 */
@Injectable()
export class ModelCache {
  private readonly entries = new Map<number, Promise<ServedModel>>();

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly metrics: ApiMetrics,
  ) {}

  get(versionId: number, load: () => Promise<Uint8Array>): Promise<ServedModel> {
    let entry = this.entries.get(versionId);
    this.metrics.cacheLookups.inc({ cache: 'model', result: entry ? 'hit' : 'miss' });
    if (entry) {
      this.entries.delete(versionId);
    } else {
      entry = load().then((bytes) => this.serve(bytes));
      entry.catch(() => this.entries.delete(versionId));
    }
    this.entries.set(versionId, entry);
    this.evict();
    return entry;
  }

  private async serve(bytes: Uint8Array): Promise<ServedModel> {
    const forecaster = await Forecaster.load(bytes);
    const batcher = new PredictBatcher(forecaster, this.config.TSF_API_PREDICT_BATCH, (size, seconds) => {
      this.metrics.predictBatchSize.observe(size);
      this.metrics.predictDuration.observe(seconds);
    });
    return { forecaster, batcher, minHistory: forecaster.minHistory() };
  }

  private evict(): void {
    while (this.entries.size > this.config.TSF_API_MODEL_CACHE_SIZE) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      void entry.then(disposeWhenIdle, () => undefined);
    }
  }
}

/** Frees an evicted model's tensors once the forecasts it is running are done. */
function disposeWhenIdle(model: ServedModel): void {
  if (!model.batcher.busy) return model.forecaster.dispose();
  setTimeout(() => disposeWhenIdle(model), 100);
}
