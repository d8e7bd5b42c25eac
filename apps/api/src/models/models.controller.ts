import { Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AccuracyQuery,
  accuracyPointSchema,
  accuracyQuerySchema,
  type CreateModelRequest,
  createModelSchema,
  listOf,
  modelDetailSchema,
  type ModelListQuery,
  modelListQuerySchema,
  modelNameSchema,
  modelSchema,
  positiveIdSchema,
  promotionSchema,
  type RetrainingPolicy,
  updatePolicySchema,
  versionSchema,
} from '@tsf/contracts';
import { NOTIFICATION_CHANNELS } from '@tsf/db';
import { ModelRegistry, ModelStore, type VersionSummary } from '@tsf/registry';
import { Access } from '../auth/access';
import { Fails, Returns } from '../http/api-responses';
import { ValidBody, ValidParam, ValidQuery } from '../http/validated';
import { TrainingAdmission } from './training-admission';
import { CronIntervalLimit } from '../schedules/cron-interval-limit';
import { DatabaseNotifications } from '../notifications/database-notifications';

const Name = () => ValidParam('name', modelNameSchema, 'model name');
const VersionNumber = () => ValidParam('version', positiveIdSchema, 'version number (1, 2, …)');

@ApiTags('models')
@Access('read')
@Controller('v1/models')
export class ModelsController {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly models: ModelStore,
    private readonly cronLimit: CronIntervalLimit,
    private readonly admission: TrainingAdmission,
    private readonly notifications: DatabaseNotifications,
  ) {}

  @Post()
  @Access('write')
  @ApiOperation({
    summary: 'Create a model',
    description:
      'For one series (`seriesKey`) or, as a global model, every series matching `selector`. 422 with `limit` and `estimate` when training it would exceed TSF_MAX_MODEL_PARAMS, TSF_MAX_TRAINING_MEMORY_MB or TSF_MAX_JOB_SECONDS.',
  })
  @Returns(modelSchema, 201)
  @Fails(400, 409, 413, 415, 422)
  async create(@ValidBody(createModelSchema) request: CreateModelRequest) {
    this.cronLimit.check(request.policy.cron, 'policy.cron');
    await this.admission.admitDefinition(request);
    return this.registry.createModel(request);
  }

  @Get()
  @ApiOperation({ summary: 'List models with their production versions' })
  @Returns(listOf(modelDetailSchema))
  @Fails(400)
  async list(@ValidQuery(modelListQuerySchema) query: ModelListQuery) {
    const models = await this.registry.listModels();
    if (query.series === undefined) return { items: models };
    const serving = new Set((await this.models.forSeries(query.series)).map((model) => model.id));
    return { items: models.filter((model) => serving.has(model.id)) };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One model with its production version' })
  @Returns(modelDetailSchema)
  @Fails(400, 404)
  get(@Name() name: string) {
    return this.registry.getModel(name);
  }

  @Put(':name/policy')
  @Access('admin')
  @ApiOperation({ summary: 'Replace the retraining and promotion policy', description: 'cron, every N points, drift, champion/challenger threshold, attempts.' })
  @Returns(modelSchema)
  @Fails(400, 404, 413, 415, 422)
  updatePolicy(@Name() name: string, @ValidBody(updatePolicySchema) policy: RetrainingPolicy) {
    this.cronLimit.check(policy.cron, 'cron');
    return this.registry.updatePolicy(name, policy);
  }

  @Get(':name/versions')
  @ApiOperation({ summary: 'Versions, newest first, with stage, metrics and lineage' })
  @Returns(listOf(versionSchema))
  @Fails(400, 404)
  async versions(@Name() name: string) {
    return { items: await this.registry.listVersions(name) };
  }

  @Get(':name/versions/:version')
  @ApiOperation({ summary: 'One version with its metrics and lineage' })
  @Returns(versionSchema)
  @Fails(400, 404)
  version(@Name() name: string, @VersionNumber() version: number) {
    return this.registry.getVersion(name, version);
  }

  @Post(':name/versions/:version/promote')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Make a version the production one', description: 'The current production version is archived. Every API process serves the new one within a second.' })
  @Returns(versionSchema)
  @Fails(400, 404, 409)
  async promote(@Name() name: string, @VersionNumber() version: number) {
    return this.servedHereAtOnce(await this.registry.promote(name, version));
  }

  @Post(':name/rollback')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Put the previous production version back', description: '409 when there is nothing to roll back to.' })
  @Returns(versionSchema)
  @Fails(400, 404, 409)
  async rollback(@Name() name: string) {
    return this.servedHereAtOnce(await this.registry.rollback(name));
  }

  @Get(':name/promotions')
  @ApiOperation({ summary: 'Changes of the production version, newest first (policy, manual, rollback)' })
  @Returns(listOf(promotionSchema))
  @Fails(400, 404)
  async promotions(@Name() name: string) {
    return { items: await this.registry.promotionHistory(name) };
  }

  @Get(':name/accuracy')
  @ApiOperation({ summary: 'Production forecasts scored against the actuals, oldest first (accuracy over time)' })
  @Returns(listOf(accuracyPointSchema))
  @Fails(400, 404)
  async accuracy(@Name() name: string, @ValidQuery(accuracyQuerySchema) query: AccuracyQuery) {
    const range = { from: query.from === undefined ? undefined : new Date(query.from), to: query.to === undefined ? undefined : new Date(query.to), take: query.limit };
    return { items: await this.registry.accuracy(name, range) };
  }

  /** The next forecast from this process is served by the new production version (other processes follow on the database's notification). */
  private servedHereAtOnce(promoted: VersionSummary): VersionSummary {
    this.notifications.deliverHere(NOTIFICATION_CHANNELS.modelPromoted, JSON.stringify({ modelId: promoted.modelId }));
    return promoted;
  }
}
