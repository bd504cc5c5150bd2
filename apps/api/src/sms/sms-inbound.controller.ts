import { Body, Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { readKeyword, smsMessageDecider, streams } from '@pi/domain';
import type { EventStore } from '@pi/event-store';
import { getPracticeProfile } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { FastifyReply } from 'fastify';
import {
  CLOCK,
  type Clock,
  CommandExecutor,
  type Config,
  CONFIG,
  EVENT_STORE,
  html,
  NO_PRACTICE,
  READ_MODELS,
  SmsConsent,
} from '@pi/application';
import { invitationsTextedToNow } from './current-invitations.js';
import { signedByProvider } from './provider-signature.js';

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
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Whether this is the first time the provider's message reaches us. A replayed webhook (the same signed
   * message posted again, by a retry or by someone who captured it) is answered and changes nothing.
   */
  private async firstTime(messageId: string | undefined): Promise<boolean> {
    if (!messageId) return true;
    const at = this.clock.now().toISOString();
    const context = { practiceId: NO_PRACTICE, actor: 'patient:sms', correlationId: messageId, causationId: messageId };
    const outcome = await this.executor.execute(
      streams.smsMessage(messageId),
      smsMessageDecider,
      { type: 'ReceiveSmsMessage', messageId, at },
      context,
    );
    return outcome.events.length > 0;
  }

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
    const messageId = params.MessageSid ?? params.SmsSid;
    if (!(await this.firstTime(messageId))) {
      response.type('text/xml; charset=utf-8').send(twiml(null));
      return;
    }
    const from = params.From ?? '';
    const keyword = readKeyword(params.Body ?? '');
    // When the patient sent it, if the provider says (else now): replies count in the order they were sent.
    const reply = { messageId, sentAt: sentAtOf(params.DateSent) ?? this.clock.now().toISOString() };
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
    let answer: string | null = null;
    if (keyword.kind === 'opt_out') {
      const practices = keyword.everyPractice
        ? [...new Set(texted.map((t) => t.practiceId))]
        : latest
          ? [latest.practiceId]
          : [];
      for (const practiceId of practices)
        await this.consent.record(practiceId, from, 'out', keyword.keyword, context(practiceId), reply);
      answer = keyword.everyPractice
        ? 'You will receive no more texts from any practice through this number. Reply START to a practice to resubscribe.'
        : `${practiceName}: you are unsubscribed and will receive no more texts. Reply START to resubscribe.`;
    } else if (keyword.kind === 'opt_in' && latest) {
      await this.consent.record(latest.practiceId, from, 'in', keyword.keyword, context(latest.practiceId), reply);
      answer = `${practiceName}: you are resubscribed to texts. Reply STOP to unsubscribe.`;
    } else if (keyword.kind === 'help') {
      answer = `${practiceName}: invitations to message us securely. Message frequency varies. Msg & data rates may apply. Reply STOP to unsubscribe.`;
    }
    response.type('text/xml; charset=utf-8').send(twiml(answer));
  }
}

/** The provider's time of a message (an RFC 2822 or ISO date, as providers write it), if it gave a valid one. */
function sentAtOf(text: string | undefined): string | null {
  const time = text ? Date.parse(text) : NaN;
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}
