import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { PrismaClient } from '@tsf/db';

@Controller('health')
export class HealthController {
  constructor(private readonly prisma: PrismaClient) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready() {
    try {
      await this.prisma.$queryRaw`SELECT 1`;
      return { status: 'ok', database: 'up' };
    } catch {
      throw new ServiceUnavailableException({ title: 'Not ready', detail: 'database unreachable' });
    }
  }
}
