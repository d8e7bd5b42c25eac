import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access';
import { DashboardBundle } from './dashboard-bundle';

/** The built-in dashboard: one page (client-side routes after `#`) and its bundled script and styles. */
@ApiExcludeController()
@Access('public')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly bundle: DashboardBundle) {}

  @Get()
  page(@Res() res: FastifyReply): void {
    this.send(res, 'index.html');
  }

  @Get('assets/:name')
  assetFile(@Param('name') name: string, @Res() res: FastifyReply): void {
    this.send(res, name);
  }

  private send(res: FastifyReply, name: string): void {
    const asset = this.bundle.asset(name);
    if (!asset) throw new NotFoundException({ title: 'Not Found', detail: `no dashboard asset ${name}` });
    res.type(asset.contentType).header('cache-control', 'no-cache').send(asset.body);
  }
}
