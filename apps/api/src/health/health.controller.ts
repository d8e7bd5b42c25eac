import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Access } from '../auth/access';
import { DatabaseHealth } from './database-health';

@ApiTags('operations')
@Access('public')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealth,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): HealthCheckResult {
    // Terminus' result for no checks, without running its executor: probes hit this often, and it must stay cheap.
    return { status: 'ok', info: {}, error: {}, details: {} };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: "Readiness of the API itself: the database and its notification connection; 503 when one is down (ingestion's health is the ingestors' own)" })
  async ready() {
    try {
      return await this.health.check([() => this.database.reachable(), () => this.database.notificationsListening()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const { info, error: down, details } = error.getResponse() as HealthCheckResult;
      throw new ServiceUnavailableException({ title: 'Not ready', detail: `down: ${Object.keys(down ?? {}).join(', ')}`, info, error: down, details });
    }
  }
}
