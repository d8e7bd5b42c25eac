import { Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { CreateModelRequest } from '@tsf/contracts';
import { PG_POOL } from '@tsf/db';
import { admissionLimitsFrom, admitTraining, type AdmissionLimits, ModelStore, type TrainingDefinition, TrainingWindows, type WindowSource } from '@tsf/registry';
import type { Pool } from 'pg';
import { API_CONFIG, type ApiConfig } from '../api-config';

/**
 * Refuses, before anything is stored or queued, training that would cost more than the configured limits: 422 naming
 * the limit, with the estimate (`limit` and `estimate` extend the problem). The windows are counted from the points
 * stored now, so a model created before its data passes here and meets the same check in the trainer.
 */
@Injectable()
export class TrainingAdmission {
  private readonly limits: AdmissionLimits;
  private readonly windows: TrainingWindows;

  constructor(
    @Inject(API_CONFIG) config: ApiConfig,
    @Inject(PG_POOL) pool: Pool,
    private readonly models: ModelStore,
  ) {
    this.limits = admissionLimitsFrom(config);
    this.windows = new TrainingWindows(pool);
  }

  /** A definition about to be stored (and trained). */
  admitDefinition(definition: CreateModelRequest): Promise<void> {
    return this.admit(definition);
  }

  /** A stored model about to be trained. */
  async admitModel(name: string): Promise<void> {
    await this.admit(await this.models.named(name));
  }

  private async admit(definition: TrainingDefinition & WindowSource): Promise<void> {
    const admission = admitTraining(definition, await this.windows.count(definition), this.limits);
    if (!admission.ok) {
      throw new UnprocessableEntityException({ error: 'Training too costly', message: admission.detail, limit: admission.limit, estimate: admission.estimate });
    }
  }
}
