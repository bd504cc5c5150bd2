import {
  invitationDecider,
  isErased,
  messageWithLink,
  streams,
  type Channel,
  type DeliveryFailureCode,
  type InviteReminderSent,
  type InviteResent,
  type InviteSent,
  subjects,
} from '@pi/domain';
import type { EventStore, RecordedEvent } from '@pi/event-store';
import { DeliveryError } from '@pi/notify';
import type { DocumentStore } from '@pi/read-store';
import { html } from '../rendering/html.js';
import type { CommandContext } from '../engine/command-context.js';
import type { CommandExecutor } from '../engine/command-executor.js';
import type { Senders } from '../runtime/senders.js';
import { Reactor } from '../engine/reactor.js';
import { KeyedQueue } from '../engine/keyed-queue.js';
import type { Clock } from '../engine/tokens.js';
import type { InviteTokens } from './invite-tokens.js';
import type { UnsubscribeLinks } from './unsubscribe-links.js';
import type { AddressHashes } from '../assurance/address-hashes.js';

/** Whether the practice may still use an address now (a STOP or an unsubscribe may have come in since the send). */
export interface DeliveryConsent {
  mayText(practiceId: string, phone: string): Promise<boolean>;
  mayEmail(practiceId: string, email: string): Promise<boolean>;
}
const ALWAYS: DeliveryConsent = { mayText: async () => true, mayEmail: async () => true };

/** The event types that start a delivery round. */
const ROUND_TYPES = ['InviteSent', 'InviteResent', 'InviteReminderSent'];

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
  /** A reminder of the live send (its number), or null for the send itself. */
  reminder: number | null;
}

/**
 * Sends invitations, fed by the event log (never inside the HTTP request).
 * For each channel of a send or resend: record the attempt, send, record the
 * outcome. A restart re-reads from its checkpoint; an attempt whose outcome
 * was never recorded is not sent again (it may have gone out): it is recorded
 * as failed, so staff can resend. Transient failures retry with back-off.
 * A bulk send held for the practice's sending window is left to the reminder
 * scheduler, which releases it (`release`) when the window opens.
 */
export class DeliveryProcessor extends Reactor {
  private readonly deliveries = new KeyedQueue();

  constructor(
    private readonly events: EventStore,
    store: DocumentStore,
    private readonly executor: CommandExecutor,
    private readonly senders: Senders,
    private readonly tokens: InviteTokens,
    private readonly clock: Clock,
    private readonly retry: { attempts: number; baseDelayMs: number } = { attempts: 3, baseDelayMs: 1000 },
    private readonly consent: DeliveryConsent = ALWAYS,
    /** Makes each email's one-click unsubscribe link (none without it). */
    private readonly unsubscribe: UnsubscribeLinks | null = null,
    /** Delivery records carry the recipient's keyed hash (the consent history's evidence), never a bare one. */
    private readonly hashes: AddressHashes | null = null,
  ) {
    // An event whose recipients cannot be read cannot be sent; every other invitation still goes out.
    super('DeliveryProcessor', events, store, {
      checkpoint: CHECKPOINT,
      filter: { eventTypes: ROUND_TYPES },
      unreadable: 'unreadable invitation event: not delivered',
    });
  }

  protected handle(event: RecordedEvent): Promise<void> {
    const { holdUntil } = event.data as { holdUntil?: string };
    if (holdUntil && holdUntil > this.clock.now().toISOString()) return Promise.resolve();
    return this.deliver(event);
  }

  /** Delivers the invitation's live round now: a held bulk send whose window has opened. */
  async release(invitationId: string): Promise<void> {
    const stream = await this.events.readStream(streams.invitation(invitationId));
    const live = stream.findLast((e) => ROUND_TYPES.includes(e.type));
    if (live) await this.deliver(live);
  }

  /** What a round sends: its own channels, the live send's words, token and addresses. */
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
      return { ...base, round: 1, channels: sent.channels, to: sent.to, sealedToken: sent.sealedToken, reminder: null };
    if (event.type === 'InviteResent') {
      const resent = event.data as InviteResent['data'];
      const { round, channels, to, sealedToken } = resent;
      return { ...base, round, channels, to, sealedToken, reminder: null };
    }
    // A reminder re-sends the send before it: the same token, to the same addresses.
    const reminder = event.data as InviteReminderSent['data'];
    const live = stream
      .filter((e) => e.revision < event.revision && (e.type === 'InviteSent' || e.type === 'InviteResent'))
      .at(-1)!.data as InviteSent['data'] | InviteResent['data'];
    return {
      ...base,
      round: reminder.round,
      channels: reminder.channels,
      to: live.to,
      sealedToken: live.sealedToken,
      reminder: reminder.reminder,
    };
  }

  /** One delivery of an invitation at a time here: the log's reader and a release never race into a double attempt. */
  private deliver(event: RecordedEvent): Promise<void> {
    const { invitationId } = event.data as { invitationId: string };
    return this.deliveries.run(invitationId, () => this.deliverNow(event));
  }

  private async deliverNow(event: RecordedEvent): Promise<void> {
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
    if (channel === 'sms' && !(await this.consent.mayText(practiceId, round.to.phone!)))
      return failed('opted_out', 'not sent: the patient opted out of text messages (STOP)');
    if (channel === 'email' && !(await this.consent.mayEmail(practiceId, round.to.email!)))
      return failed('opted_out', "not sent: the patient unsubscribed from the practice's email");
    const sendKey = `${invitationId}-${round.round}-${channel}`;
    const url = `${round.linkUrl}?i=${this.tokens.unseal(round.sealedToken)}`;
    const text = messageWithLink(reminderWords(round), url);
    const addressHash = this.hashes
      ? (channel === 'sms' ? this.hashes.phone(round.to.phone!) : this.hashes.email(round.to.email!)).keyed
      : undefined;
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
          {
            type: 'RecordDelivered',
            invitationId,
            practiceId,
            round: round.round,
            channel,
            providerId,
            addressHash,
            at: at(),
          },
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
    // The recipient and the words are the invitation's personal values: erasing it scrubs the outbox's copy.
    const dataSubjects = [subjects.invitation(round.invitationId)];
    if (channel === 'sms')
      return this.senders.sms.send({ key, to: round.to.phone!, text, practiceId: round.practiceId, dataSubjects });
    const message = reminderWords(round).replaceAll('{link}', url);
    const unsubscribeUrl = this.unsubscribe?.link(round.practiceId, round.to.email!);
    const subject = `${round.practiceName} invites you to connect securely`;
    return this.senders.email.send({
      key,
      practiceId: round.practiceId,
      dataSubjects,
      to: round.to.email!,
      fromName: round.practiceName,
      subject: round.reminder ? `Reminder: ${subject}` : subject,
      text: unsubscribeUrl ? `${text}\n\nUnsubscribe from ${round.practiceName}'s email: ${unsubscribeUrl}` : text,
      html: html`<p>${message}</p><p><a href="${url}">Connect with ${round.practiceName}</a></p><p style="color:#666">${url}</p>${
        unsubscribeUrl &&
        html`<p style="color:#666;font-size:small"><a href="${unsubscribeUrl}">Unsubscribe</a> from ${round.practiceName}'s email.</p>`
      }`.value,
      ...(unsubscribeUrl ? { unsubscribeUrl } : {}),
    });
  }
}

/** A reminder says so first; the practice's words and the link follow as they were sent. */
const reminderWords = (round: Round) => (round.reminder ? `Reminder: ${round.message}` : round.message);
