import { Body, Controller, Get, NotFoundException, Param, ParseIntPipe, Post } from '@nestjs/common';
import { type CreateTrainingJobRequest, createTrainingJobSchema } from '@tsf/contracts';
import { PrismaClient } from '@tsf/db';
import { JobQueue, ModelStore } from '@tsf/registry';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ModelsService } from '../models/models.service';

@Controller('v1/training-jobs')
export class TrainingJobsController {
  constructor(
    private readonly queue: JobQueue,
    private readonly models: ModelStore,
    private readonly modelsService: ModelsService,
    private readonly prisma: PrismaClient,
  ) {}

  /** Train now. With a definition, the model is created first if it does not exist yet. */
  @Post()
  async create(@Body(new ZodValidationPipe(createTrainingJobSchema)) request: CreateTrainingJobRequest) {
    let model = await this.models.byName(request.model);
    if (!model && request.definition) model = await this.modelsService.create({ name: request.model, ...request.definition });
    if (!model) throw new NotFoundException({ title: 'Model not found', detail: `no model ${request.model}; send a definition to create it` });
    return this.queue.enqueue(model.id, 'manual');
  }

  @Get(':id')
  async get(@Param('id', ParseIntPipe) id: number) {
    const job = await this.prisma.trainingJob.findUnique({ where: { id } });
    if (!job) throw new NotFoundException({ title: 'Job not found', detail: `no training job ${id}` });
    return job;
  }
}
