import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ProjectionEngine } from '@pi/read-store';
import type { FastifyReply } from 'fastify';
import { ReactorRegistry, READ_MODELS } from '@pi/application';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(ReactorRegistry) private readonly reactors: ReactorRegistry,
  ) {}

  /**
   * Liveness plus each read model's position, lag and state, wherever it runs
   * (this process, or the projector as it last reported); 503 when a read model
   * has stopped on an event it cannot apply. Names events, never their data.
   */
  @Get()
  @ApiOperation({ summary: 'Liveness and projection status' })
  @ApiOkResponse({ description: '`status: ok` and one entry per read model' })
  async health(@Res() response: FastifyReply): Promise<void> {
    const projections = await this.readModels.statuses();
    const failed = projections.filter((p) => p.state === 'failed').map((p) => p.name);
    const reactors = this.reactors.statuses();
    const retrying = [...projections, ...reactors].filter((p) => p.state === 'retrying').map((p) => p.name);
    const status = failed.length || retrying.length ? 'degraded' : 'ok';
    response.status(failed.length ? 503 : 200).header('Cache-Control', 'no-store');
    response.send({
      status,
      failedProjections: failed,
      retrying,
      backgroundWork: this.reactors.backgroundWork(),
      projections,
      reactors,
    });
  }
}
