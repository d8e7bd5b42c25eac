import { ConflictException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { CreateModelRequest } from '@tsf/contracts';
import type { Model } from '@tsf/db';
import { SpecError } from '@tsf/forecasting';
import { ModelConflictError, ModelStore } from '@tsf/registry';

/** Model creation with the registry's errors turned into HTTP problems. */
@Injectable()
export class ModelsService {
  constructor(private readonly models: ModelStore) {}

  async create(request: CreateModelRequest): Promise<Model> {
    try {
      return await this.models.create(request);
    } catch (error) {
      if (error instanceof ModelConflictError) throw new ConflictException({ title: 'Model exists', detail: error.message });
      if (error instanceof SpecError) throw new UnprocessableEntityException({ title: 'Invalid model definition', detail: error.message });
      throw error;
    }
  }
}
