import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiConsumes, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { invitationDecider, streams, type DeliveryReport } from '@pi/domain';
import type { EventStore } from '@pi/event-store';
import type { ProjectionEngine } from '@pi/read-store';
import { CLOCK, type Clock, CommandExecutor, type Config, CONFIG, EVENT_STORE, READ_MODELS } from '@pi/application';
import { invitationByProviderIdNow } from './current-invitations.js';
import { signedByProvider } from './provider-signature.js';

/** Twilio's MessageStatus values that are the provider's final word; the others (queued, sending, sent) are not. */
const FINAL: Record<string, DeliveryReport> = { delivered: 'delivered', undelivered: 'undelivered', failed: 'failed' };

/**
 * The SMS provider's status callbacks (`SMS_STATUS_CALLBACK_URL`, signed like
 * the inbound webhook): a message it accepted reached the phone, or did not
 * (with its error code). Recorded on the invitation the message belongs to;
 * an unknown message or a replayed callback changes nothing (204 either way,
 * so the provider does not retry).
 */
@ApiTags('sms')
@Controller('v1/sms')
export class SmsStatusController {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('status')
  @HttpCode(204)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({
    summary:
      "SMS provider status callback (Twilio's shape: MessageSid, MessageStatus, ErrorCode; X-Twilio-Signature checked): delivered, undelivered or failed, recorded per invitation and channel",
  })
  @ApiNoContentResponse({ description: 'Recorded, or nothing to record' })
  async status(
    @Body() body: Record<string, string>,
    @Headers('x-twilio-signature') signature: string | undefined,
  ): Promise<void> {
    const url = this.config.smsStatusCallbackUrl ?? `${this.config.publicBaseUrl}/v1/sms/status`;
    const params = signedByProvider(this.config, url, body, signature);
    const status = FINAL[params.MessageStatus ?? ''];
    const providerId = params.MessageSid ?? params.SmsSid ?? '';
    if (!status || !providerId) return;
    const invitation = await invitationByProviderIdNow(this.events, this.readModels, providerId);
    if (!invitation) return;
    const errorCode = /^\d{1,10}$/.test(params.ErrorCode ?? '') ? params.ErrorCode : null;
    await this.executor.execute(
      streams.invitation(invitation.id),
      invitationDecider,
      {
        type: 'RecordDeliveryReport',
        invitationId: invitation.id,
        practiceId: invitation.practiceId,
        providerId,
        status,
        errorCode,
        at: this.clock.now().toISOString(),
      },
      {
        practiceId: invitation.practiceId,
        actor: 'system:sms-status',
        correlationId: providerId,
        causationId: providerId,
      },
    );
  }
}
