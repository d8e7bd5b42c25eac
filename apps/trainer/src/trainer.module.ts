import { type DynamicModule, Module } from '@nestjs/common';
import type { Config } from '@tsf/config';
import { DatabaseModule } from '@tsf/db';
import { RegistryModule } from '@tsf/registry';
import { TRAINER_CONFIG, TrainerWorker } from './training/trainer-worker';

export type TrainerConfig = Config<'database' | 'trainer' | 'forecasting'>;

@Module({})
export class TrainerModule {
  static register(config: TrainerConfig): DynamicModule {
    return {
      module: TrainerModule,
      imports: [DatabaseModule.forRoot(config.DATABASE_URL), RegistryModule],
      providers: [{ provide: TRAINER_CONFIG, useValue: config }, TrainerWorker],
    };
  }
}
