import { Inject, Injectable } from '@nestjs/common';
import type { ForecastModel } from '@tsf/forecasting';
import { ForecasterCache } from '@tsf/registry';
import { API_CONFIG, type ApiConfig } from '../api-config';
import { ApiMetrics } from '../metrics/api-metrics';
import { PredictBatcher } from './predict-batcher';
import type { ServingVersion } from './serving-resolver';

/** A loaded model version, ready to answer forecasts. */
export interface ServedModel {
  forecaster: ForecastModel;
  batcher: PredictBatcher;
  /** Points of history a forecast reads: those fetched for it. */
  historyPoints: number;
  /** Fewest points of history a forecast needs (an auto model forecasts a shorter history than it reads by seasonal naive). */
  minHistory: number;
  /** The levels of the model's quantile head, or null for a point forecaster. */
  quantileLevels: readonly number[] | null;
}

/**
 * The registry's ForecasterCache (bounded by TSF_API_MODEL_CACHE_BYTES of weights and TSF_API_MODEL_CACHE_SIZE
 * versions; its lookups, loads and size in the API's metrics), with what serving adds to each loaded forecaster: its
 * micro-batcher.
 */
@Injectable()
export class ServedModels {
  private readonly served = new WeakMap<ForecastModel, ServedModel>();

  constructor(
    private readonly forecasters: ForecasterCache,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly metrics: ApiMetrics,
  ) {
    forecasters.onLookup((hit) => metrics.cacheLookups.inc({ cache: 'model', result: hit ? 'hit' : 'miss' }));
    forecasters.onLoad((seconds) => metrics.modelLoadDuration.observe(seconds));
    metrics.measureModelCacheWith(() => forecasters.size());
  }

  /** Runs `work` with the version's served model; its forecaster is not disposed before `work` settles. */
  use<T>(version: ServingVersion, work: (model: ServedModel) => Promise<T>): Promise<T> {
    return this.forecasters.use(version, (forecaster) => work(this.servedAs(forecaster)));
  }

  private servedAs(forecaster: ForecastModel): ServedModel {
    let model = this.served.get(forecaster);
    if (!model) {
      const batcher = new PredictBatcher(forecaster, this.config.TSF_API_PREDICT_BATCH, (size, seconds) => {
        this.metrics.predictBatchSize.observe(size);
        this.metrics.predictDuration.observe(seconds);
      });
      model = { forecaster, batcher, historyPoints: forecaster.maxHistory(), minHistory: forecaster.minHistory(), quantileLevels: forecaster.spec.quantiles ?? null };
      this.served.set(forecaster, model);
    }
    return model;
  }
}
