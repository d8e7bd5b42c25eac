import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type CreateTrainingJobRequest,
  createTrainingJobSchema,
  encodePageCursor,
  type JobCursor,
  type JobListQuery,
  jobListQuerySchema,
  positiveIdSchema,
  trainingJobPageSchema,
  trainingJobSchema,
} from '@tsf/contracts';
import { ModelConflictError, ModelRegistry } from '@tsf/registry';
import { Access } from '../auth/access';
import { Fails, Returns } from '../http/api-responses';
import { keysetPage } from '../http/keyset-page';
import { ValidBody, ValidParam, ValidQuery } from '../http/validated';
import { TrainingAdmission } from '../models/training-admission';
import { CronIntervalLimit } from '../schedules/cron-interval-limit';

const JobId = () => ValidParam('id', positiveIdSchema, 'training job id');

@ApiTags('training jobs')
@Access('read')
@Controller('v1/training-jobs')
export class TrainingJobsController {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly cronLimit: CronIntervalLimit,
    private readonly admission: TrainingAdmission,
  ) {}

  @Post()
  @Access('write')
  @ApiOperation({
    summary: 'Train a model now',
    description:
      'With a `definition`, the model is created first unless it exists. 422 with `limit` and `estimate` when training would exceed TSF_MAX_MODEL_PARAMS, TSF_MAX_TRAINING_MEMORY_MB or TSF_MAX_JOB_SECONDS.',
  })
  @Returns(trainingJobSchema, 201)
  @Fails(400, 404, 413, 415, 422)
  async create(@ValidBody(createTrainingJobSchema) request: CreateTrainingJobRequest) {
    let created = false;
    if (request.definition) {
      const definition = { name: request.model, ...request.definition };
      this.cronLimit.check(definition.policy.cron, 'definition.policy.cron');
      await this.admission.admitDefinition(definition);
      created = await this.registry.createModel(definition).then(
        () => true,
        (error: unknown) => {
          if (!(error instanceof ModelConflictError)) throw error;
          return false;
        },
      );
    }
    // an existing model is trained as stored (and its data may have grown since it was admitted)
    if (!created) await this.admission.admitModel(request.model);
    return this.registry.train(request.model);
  }

  @Get()
  @ApiOperation({ summary: 'List training jobs, newest first', description: 'Keyset-paged: pass a page\'s `next` as `cursor` for the next one (null on the last).' })
  @Returns(trainingJobPageSchema)
  @Fails(400, 404)
  async list(@ValidQuery(jobListQuerySchema) query: JobListQuery) {
    const jobs = await this.registry.listJobs({ model: query.model, status: query.status, beforeId: query.cursor?.id, take: query.limit + 1 });
    return keysetPage(jobs, query.limit, (last) => encodePageCursor({ id: last.id } satisfies JobCursor));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One training job with its progress (phase, epoch, loss, ETA)' })
  @Returns(trainingJobSchema)
  @Fails(400, 404)
  get(@JobId() id: number) {
    return this.registry.getJob(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Access('write')
  @ApiOperation({ summary: 'Cancel a job', description: 'A queued job is cancelled at once, a running one at its next epoch; a finished one is left as it is.' })
  @Returns(trainingJobSchema)
  @Fails(400, 404)
  cancel(@JobId() id: number) {
    return this.registry.cancelJob(id);
  }
}
