import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthContext, type Runtime, RUNTIME } from '@pi/application';
import { Caller } from '../auth/decorators.js';

/**
 * Only with DEV_OUTBOX=true (by default: the embedded profile with neither SMTP
 * nor an SMS provider). Admins see their own practice's messages of the last
 * 24 hours (invitation links are secrets). A patient's sign-up and sign-in
 * codes are the patient's secret and belong to no practice: only the
 * platform's operators read them, so no practice can ask for a code to a
 * patient's phone and read it.
 */
@ApiTags('embedded profile')
@ApiBearerAuth()
@Controller('dev')
export class DevOutboxController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('outbox')
  @ApiOperation({
    summary:
      'Your practice\'s SMS and email "sent" by the embedded profile in the last 24 hours, newest first (admins); for an operator, the patients\' codes. Only served with DEV_OUTBOX=true.',
  })
  @ApiOkResponse({ description: '{ items: [{ channel, to, subject, text, sentAt }] }' })
  outbox(@Caller() caller: AuthContext, @Query('limit') limit?: string) {
    const n = Math.min(Math.max(Number(limit) || 100, 1), 1000);
    return {
      items: this.runtime.outbox
        .entries(caller.operator ? null : caller.practiceId, n)
        .map(({ channel, to, subject, text, sentAt }) => ({ channel, to, subject, text, sentAt })),
    };
  }
}
