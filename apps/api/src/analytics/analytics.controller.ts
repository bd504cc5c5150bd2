import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CommandCtx } from '../http/command-context.decorator.js';
import { type CommandContext, renderFunnel, type Runtime, RUNTIME } from '@pi/application';
import { FunnelQueryDto } from './analytics.dto.js';

/**
 * Analysts' invite funnels, replayed from the log on request (as of any
 * instant): counts and ids of links and staff, never a patient's data.
 */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller('v1/analytics')
export class AnalyticsController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('funnel')
  @ApiOperation({
    summary:
      "The invite funnel by link, source, channel, week, day or sender, from the log; `format=csv` or `html` (a self-contained chart page). Weeks and days in the practice's time zone.",
  })
  @ApiProduces('application/json', 'text/csv', 'text/html')
  @ApiOkResponse({ description: '`{ by, rows: [{ key, label, views, automatedViews, signupsStarted, … }] }`' })
  async funnel(
    @Query() query: FunnelQueryDto,
    @CommandCtx() context: CommandContext,
    @Res() response: FastifyReply,
  ): Promise<void> {
    // A caller that hangs up before the answer stops the replay (the request's own 'close' comes once it is read).
    const abandoned = new AbortController();
    response.raw.on('close', () => {
      if (!response.raw.writableFinished) abandoned.abort();
    });
    const by = query.by ?? 'link';
    const format = query.format ?? 'json';
    const rendered = await renderFunnel(
      this.runtime.sealedLog,
      {
        practiceId: context.practiceId,
        by,
        format,
        from: query.from,
        to: query.to,
        asOf: query.asOf,
        linkId: query.link,
        channel: query.channel,
      },
      { signal: abandoned.signal },
    );
    if (rendered.contentSecurityPolicy) response.header('Content-Security-Policy', rendered.contentSecurityPolicy);
    if (format !== 'html') response.header('Content-Disposition', `inline; filename="funnel-by-${by}.${format}"`);
    response.status(200).type(rendered.contentType).send(rendered.body);
  }
}
