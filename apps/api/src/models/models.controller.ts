import { Body, Controller, Get, NotFoundException, Param, Post } from '@nestjs/common';
import { type CreateModelRequest, createModelSchema } from '@tsf/contracts';
import { PrismaClient } from '@tsf/db';
import { ModelStore } from '@tsf/registry';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ModelsService } from './models.service';

@Controller('v1/models')
export class ModelsController {
  constructor(
    private readonly models: ModelStore,
    private readonly service: ModelsService,
    private readonly prisma: PrismaClient,
  ) {}

  @Post()
  create(@Body(new ZodValidationPipe(createModelSchema)) request: CreateModelRequest) {
    return this.service.create(request);
  }

  @Get()
  async list() {
    return { items: await this.models.list() };
  }

  @Get(':name/versions')
  async versions(@Param('name') name: string) {
    const model = await this.models.byName(name);
    if (!model) throw new NotFoundException({ title: 'Model not found', detail: `no model ${name}` });
    const versions = await this.prisma.modelVersion.findMany({
      where: { modelId: model.id },
      orderBy: { version: 'desc' },
      omit: { artifact: true },
    });
    return { items: versions };
  }
}
