import { Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { listOf, modelNameSchema, scheduleSchema, type UpdateScheduleRequest, updateScheduleSchema } from '@tsf/contracts';
import type { Model } from '@tsf/db';
import { ModelRegistry, policyOf } from '@tsf/registry';
import { Access } from '../auth/access';
import { Fails, Returns } from '../http/api-responses';
import { ValidBody, ValidParam } from '../http/validated';
import { CronIntervalLimit } from './cron-interval-limit';

/** A model's schedule: the triggers of its retraining policy that fire without being asked, and their state. */
function scheduleOf(model: Model) {
  const policy = policyOf(model);
  return { model: model.name, cron: policy.cron ?? null, everyNPoints: policy.everyNPoints ?? null, nextRetrainAt: model.nextRetrainAt, newPoints: model.newPoints };
}

@ApiTags('schedules')
@Access('read')
@Controller('v1/schedules')
export class SchedulesController {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly cronLimit: CronIntervalLimit,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Retraining schedules of all models' })
  @Returns(listOf(scheduleSchema))
  async list() {
    return { items: (await this.registry.listModels()).map(scheduleOf) };
  }

  @Get(':model')
  @ApiOperation({ summary: "One model's retraining schedule" })
  @Returns(scheduleSchema)
  @Fails(400, 404)
  async get(@ValidParam('model', modelNameSchema, 'model name') name: string) {
    return scheduleOf(await this.registry.getModel(name));
  }

  @Put(':model')
  @Access('write')
  @ApiOperation({ summary: 'Change when a model is retrained', description: 'A field given replaces the policy\'s, null turns it off, a field left out is kept. A new cron takes effect from now.' })
  @Returns(scheduleSchema)
  @Fails(400, 404, 413, 415, 422)
  async update(@ValidParam('model', modelNameSchema, 'model name') name: string, @ValidBody(updateScheduleSchema) update: UpdateScheduleRequest) {
    this.cronLimit.check(update.cron, 'cron');
    const policy = policyOf(await this.registry.getModel(name));
    const merged = {
      ...policy,
      cron: update.cron === undefined ? policy.cron : (update.cron ?? undefined),
      everyNPoints: update.everyNPoints === undefined ? policy.everyNPoints : (update.everyNPoints ?? undefined),
    };
    return scheduleOf(await this.registry.updatePolicy(name, merged));
  }
}
