import { Body, Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { readKeyword } from '@pi/domain';
import type { EventStore } from '@pi/event-store';
import { getPracticeProfile } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { FastifyReply } from 'fastify';
import type { Config } from '../config/config.js';
import { CONFIG, EVENT_STORE, READ_MODELS } from '../infrastructure/tokens.js';
import { html } from '../http/html.js';
import { invitationsTextedToNow } from './current-invitations.js';
import { signedByProvider } from './provider-signature.js';
import { SmsConsent } from './sms-consent.js';

const twiml = (message: string | null) =>
  html`<?xml version="1.0" encoding="UTF-8"?><Response>${message && html`<Message>${message}</Message>`}</Response>`
    .value;

/**
 * Replies from patients' phones (the provider's inbound webhook, signed).
 * STOP and its kin opt the number out for the practice that texted it last
 * (STOPALL: every practice that texted it); START/UNSTOP opt back in; HELP
 * names the practice and how to stop. One confirmation, sent right away as the reply.
 */
@ApiTags('sms')
@Controller('v1/sms')
export class SmsInboundController {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(SmsConsent) private readonly consent: SmsConsent,
  ) {}

  @Post('inbound')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({
    summary:
      "SMS provider webhook (Twilio's shape, X-Twilio-Signature checked): STOP/STOPALL/UNSUBSCRIBE/CANCEL/END/QUIT/REVOKE/OPTOUT, START/UNSTOP, HELP",
  })
  @ApiOkResponse({ description: 'TwiML (text/xml) with at most one reply' })
  async inbound(
    @Body() body: Record<string, string>,
    @Headers('x-twilio-signature') signature: string | undefined,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const params = signedByProvider(this.config, `${this.config.publicBaseUrl}/v1/sms/inbound`, body, signature);
    const from = params.From ?? '';
    const keyword = readKeyword(params.Body ?? '');
    const texted = from ? await invitationsTextedToNow(this.events, this.readModels, from) : [];
    const latest = texted[0];
    const practiceName = latest
      ? ((await getPracticeProfile(this.readModels, latest.practiceId))?.name ?? 'Your practice')
      : 'Your practice';
    const context = (practiceId: string) => ({
      practiceId,
      actor: 'patient:sms',
      correlationId: params.MessageSid ?? 'sms',
      causationId: params.MessageSid ?? 'sms',
    });
    let reply: string | null = null;
    if (keyword.kind === 'opt_out') {
      const practices = keyword.everyPractice
        ? [...new Set(texted.map((t) => t.practiceId))]
        : latest
          ? [latest.practiceId]
          : [];
      for (const practiceId of practices)
        await this.consent.record(practiceId, from, 'out', keyword.keyword, context(practiceId));
      reply = keyword.everyPractice
        ? 'You will receive no more texts from any practice through this number. Reply START to a practice to resubscribe.'
        : `${practiceName}: you are unsubscribed and will receive no more texts. Reply START to resubscribe.`;
    } else if (keyword.kind === 'opt_in' && latest) {
      await this.consent.record(latest.practiceId, from, 'in', keyword.keyword, context(latest.practiceId));
      reply = `${practiceName}: you are resubscribed to texts. Reply STOP to unsubscribe.`;
    } else if (keyword.kind === 'help') {
      reply = `${practiceName}: invitations to message us securely. Message frequency varies. Msg & data rates may apply. Reply STOP to unsubscribe.`;
    }
    response.type('text/xml; charset=utf-8').send(twiml(reply));
  }
}
