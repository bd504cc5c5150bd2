import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/decorators.js';
import type { Runtime } from '../infrastructure/runtime.js';
import { RUNTIME } from '../infrastructure/tokens.js';

/** Embedded profile only (the only profile of this build): what would have been sent, newest first. */
@ApiTags('embedded profile')
@Controller('dev')
export class DevOutboxController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Public()
  @Get('outbox')
  @ApiOperation({ summary: 'SMS and email "sent" by the embedded profile, newest first (channel, to, subject, text, sentAt). Not served by the production profile.' })
  @ApiOkResponse({ description: '{ items: [{ channel, to, subject, text, sentAt }] }' })
  outbox(@Query('limit') limit?: string) {
    const n = Math.min(Math.max(Number(limit) || 100, 1), 1000);
    return { items: this.runtime.outbox.entries(n).map(({ channel, to, subject, text, sentAt }) => ({ channel, to, subject, text, sentAt })) };
  }
}
