import {
  invitationDecider,
  isErased,
  messageWithLink,
  streams,
  type Channel,
  type DeliveryFailureCode,
  type InviteResent,
  type InviteSent,
} from '@pi/domain';
import type { EventStore, RecordedEvent } from '@pi/event-store';
import { DeliveryError } from '@pi/notify';
import type { DocumentStore } from '@pi/read-store';
import { html } from '../http/html.js';
import type { CommandContext } from '../infrastructure/command-context.js';
import type { CommandExecutor } from '../infrastructure/command-executor.js';
import type { Senders } from '../infrastructure/senders.js';
import { Reactor } from '../infrastructure/reactor.js';
import type { Clock } from '../infrastructure/tokens.js';
import type { InviteTokens } from './invite-tokens.js';

const CHECKPOINT = 'process:invite-delivery';

/** What a round sends, gathered from the invitation's stream. */
interface Round {
  invitationId: string;
  practiceId: string;
  round: number;
  channels: Channel[];
  to: { phone: string | null; email: string | null };
  message: string;
  linkUrl: string;
  practiceName: string;
  sealedToken: string;
}

/**
 * Sends invitations, fed by the event log (never inside the HTTP request).
 * For each channel of a send or resend: record the attempt, send, record the
 * outcome. A restart re-reads from its checkpoint; an attempt whose outcome
 * was never recorded is not sent again (it may have gone out): it is recorded
 * as failed, so staff can resend. Transient failures retry with back-off.
 */
export class DeliveryProcessor extends Reactor {
  constructor(
    private readonly events: EventStore,
    store: DocumentStore,
    private readonly executor: CommandExecutor,
    private readonly senders: Senders,
    private readonly tokens: InviteTokens,
    private readonly clock: Clock,
    private readonly retry: { attempts: number; baseDelayMs: number } = { attempts: 3, baseDelayMs: 1000 },
    /** Whether the practice may text the number now (a STOP may have come in since the invitation). */
    private readonly mayText: (practiceId: string, phone: string) => Promise<boolean> = async () => true,
  ) {
    // An event whose recipients cannot be read cannot be sent; every other invitation still goes out.
    super('DeliveryProcessor', events, store, {
      checkpoint: CHECKPOINT,
      filter: { eventTypes: ['InviteSent', 'InviteResent'] },
      unreadable: 'unreadable invitation event: not delivered',
    });
  }

  protected handle(event: RecordedEvent): Promise<void> {
    return this.deliver(event);
  }

  private async roundOf(event: RecordedEvent): Promise<Round> {
    const stream = await this.events.readStream(
      streams.invitation((event.data as { invitationId: string }).invitationId),
    );
    const sent = stream.find((e) => e.type === 'InviteSent')!.data as InviteSent['data'];
    const base = {
      invitationId: sent.invitationId,
      practiceId: sent.practiceId,
      message: sent.message,
      linkUrl: sent.linkUrl,
      practiceName: sent.practiceName,
    };
    if (event.type === 'InviteSent')
      return { ...base, round: 1, channels: sent.channels, to: sent.to, sealedToken: sent.sealedToken };
    const resent = event.data as InviteResent['data'];
    return { ...base, round: resent.round, channels: resent.channels, to: resent.to, sealedToken: resent.sealedToken };
  }

  private async deliver(event: RecordedEvent): Promise<void> {
    const round = await this.roundOf(event);
    const context: CommandContext = {
      practiceId: round.practiceId,
      actor: 'system:delivery',
      correlationId: event.metadata.correlationId,
      causationId: event.id,
    };
    for (const channel of round.channels) await this.deliverOn(round, channel, context);
  }

  private async deliverOn(round: Round, channel: Channel, context: CommandContext): Promise<void> {
    const stream = streams.invitation(round.invitationId);
    const { invitationId, practiceId } = round;
    const at = () => this.clock.now().toISOString();
    const state = (await this.executor.load(stream, invitationDecider)).state;
    if (state.status !== 'pending' || state.round !== round.round) return; // revoked, expired, or resent since
    const delivery = state.deliveries[channel];
    if (!delivery || delivery.state === 'delivered' || delivery.state === 'failed') return;
    // Recorded as failed, with the reason (for people) and its code (for counting).
    const failed = async (code: DeliveryFailureCode, reason: string) => {
      await this.executor.execute(
        stream,
        invitationDecider,
        {
          type: 'RecordDeliveryFailure',
          invitationId,
          practiceId,
          round: round.round,
          channel,
          reason,
          code,
          at: at(),
        },
        context,
      );
    };
    if (delivery.state === 'attempted')
      return failed(
        'interrupted',
        'interrupted before the outcome was known; not sent again to avoid a duplicate (resend if needed)',
      );
    const address = channel === 'sms' ? round.to.phone : round.to.email;
    if (address !== null && isErased(address)) return failed('erased', 'not sent: the contact was erased');
    if (channel === 'sms' && !(await this.mayText(practiceId, round.to.phone!)))
      return failed('opted_out', 'not sent: the patient opted out of text messages (STOP)');
    const sendKey = `${invitationId}-${round.round}-${channel}`;
    const url = `${round.linkUrl}?i=${this.tokens.unseal(round.sealedToken)}`;
    const text = messageWithLink(round.message, url);
    for (let attempt = 1; ; attempt++) {
      const recorded = await this.executor.execute(
        stream,
        invitationDecider,
        { type: 'RecordDeliveryAttempt', invitationId, practiceId, round: round.round, channel, sendKey, at: at() },
        context,
      );
      if (recorded.events.length === 0) return; // closed meanwhile
      try {
        const { providerId } = await this.send(round, channel, text, url, sendKey);
        await this.executor.execute(
          stream,
          invitationDecider,
          { type: 'RecordDelivered', invitationId, practiceId, round: round.round, channel, providerId, at: at() },
          context,
        );
        return;
      } catch (error) {
        const transient = error instanceof DeliveryError && error.transient;
        if (transient && attempt < this.retry.attempts) {
          await new Promise((r) => setTimeout(r, this.retry.baseDelayMs * 4 ** (attempt - 1)));
          continue;
        }
        const reason = error instanceof DeliveryError ? error.message : 'unexpected error while sending';
        if (!(error instanceof DeliveryError))
          this.logger.error(
            { errorClass: error instanceof Error ? error.name : typeof error, invitationId, channel },
            'sending failed',
          );
        return failed('provider', reason);
      }
    }
  }

  private send(
    round: Round,
    channel: Channel,
    text: string,
    url: string,
    key: string,
  ): Promise<{ providerId: string | null }> {
    if (channel === 'sms')
      return this.senders.sms.send({ key, to: round.to.phone!, text, practiceId: round.practiceId });
    const message = round.message.replaceAll('{link}', url);
    return this.senders.email.send({
      key,
      practiceId: round.practiceId,
      to: round.to.email!,
      fromName: round.practiceName,
      subject: `${round.practiceName} invites you to connect securely`,
      text,
      html: html`<p>${message}</p><p><a href="${url}">Connect with ${round.practiceName}</a></p><p style="color:#666">${url}</p>`
        .value,
    });
  }
}
