import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  contactDecider,
  ContactNotFound,
  invitationDecider,
  InvitationNotFound,
  chooseChannels,
  INVITE_CAP,
  DEFAULT_INVITE_SETTINGS,
  DEFAULT_TIME_ZONE,
  invitationMessage,
  linkDecider,
  messageWithLink,
  LinkIsArchived,
  LinkNotFound,
  NoPracticeLink,
  practiceDecider,
  PracticeNotFound,
  staffDecider,
  streams,
  requirePhone,
  type Channel,
  type Recipient,
  type ReminderPlan,
  type CreateContact,
  type DomainEvent,
  type ResendInvite,
  type SendInvite,
} from '@pi/domain';
import type { EventStore, Position } from '@pi/event-store';
import { smsSegments } from '@pi/notify';
import { invitationsOfContact, invitationsProjection, linksProjection, listLinks } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import {
  catchUp,
  CLOCK,
  type Clock,
  type CommandContext,
  CommandExecutor,
  type CommandOutcome,
  type Config,
  CONFIG,
  EmailConsent,
  EVENT_STORE,
  InviteTokens,
  READ_MODELS,
  lastPosition,
  SmsConsent,
  step,
  type Step,
} from '@pi/application';
import { ContactKeys } from '../contacts/contact-keys.js';
import { newId } from '../infrastructure/new-id.js';
import { practiceCountry } from '../practice/practice-country.js';

/** A send or resend staff asked for (reminders are the scheduler's: reminder-scheduler.ts). */
type StaffSend = SendInvite | ResendInvite;

export interface InviteResult {
  invitationId: string;
  contactId: string;
  channels: Channel[];
  position: Position | null;
  warnings: string[];
}

export const RESENT_PENDING =
  'This contact already had a pending invitation: it was sent again (one live invitation per contact).';

export class SendInviteCommand extends Command<InviteResult> {
  constructor(
    readonly input: {
      contactId?: string;
      contact?: { name: string; phone?: string | null; email?: string | null };
      message?: string;
      linkId?: string;
      /** Part of a bulk send: waits for the practice's sending window. */
      bulk?: boolean;
    },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class ResendInviteCommand extends Command<InviteResult> {
  constructor(
    readonly invitationId: string,
    readonly context: CommandContext,
    /** Part of a bulk send: waits for the practice's sending window. */
    readonly bulk = false,
  ) {
    super();
  }
}

export class RevokeInviteCommand extends Command<{ position: Position | null }> {
  constructor(
    readonly invitationId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Invitation handlers gather facts (the contact, its consent, the practice's
 * settings, the sender, the link, the time); the rules (channels, words,
 * expiry, the cap) are the domain's (invite-policy.ts, the deciders).
 *
 * A send is one commit: on the contact's stream (with the cap it counts
 * against) and on the invitation's, and for a new contact its creation and its
 * phone and email keys too (executeAll). Where the store writes streams one
 * after another (KurrentDB), the contact's part comes first and carries the
 * send: `finish` runs the invitation's part again, which records nothing when
 * it is there, so a retried request, or the process that finishes interrupted
 * sends (UnfinishedWork), can always complete it.
 */
abstract class InvitationHandler {
  constructor(
    @Inject(CommandExecutor) protected readonly executor: CommandExecutor,
    @Inject(CLOCK) protected readonly clock: Clock,
    @Inject(InviteTokens) protected readonly tokens: InviteTokens,
    @Inject(SmsConsent) protected readonly consent: SmsConsent,
    @Inject(EmailConsent) protected readonly emailConsent: EmailConsent,
  ) {}

  /**
   * Records the send on the contact's stream and the invitation's in one commit: `create` makes the contact
   * (and takes its keys) in the same commit (Invite New Patient).
   */
  protected async record(
    contactId: string,
    sendId: string,
    send: StaffSend,
    context: CommandContext,
    create?: (contactStep: Step) => Promise<CommandOutcome<DomainEvent>[]>,
  ): Promise<InviteResult> {
    const invite = { invitationId: send.invitationId, sendId, cap: INVITE_CAP, send };
    const invitationStep = step(streams.invitation(send.invitationId), invitationDecider, send);
    const practiceId = context.practiceId;
    const outcomes = create
      ? await create(invitationStep)
      : await this.executor.executeAll(
          [
            step(streams.contact(contactId), contactDecider, {
              type: 'InviteContact',
              contactId,
              practiceId,
              at: send.at,
              ...invite,
            }),
            invitationStep,
          ],
          context,
        );
    return this.result(contactId, send, lastPosition(outcomes));
  }

  protected async contact(contactId: string, practiceId: string) {
    const state = (await this.executor.load(streams.contact(contactId), contactDecider)).state;
    if (state.status !== 'active' || state.practiceId !== practiceId) throw new ContactNotFound(contactId);
    return state;
  }

  /** The send this request already recorded on the contact's stream (a retry), if any. */
  protected async recorded(contactId: string, sendId: string, practiceId: string): Promise<StaffSend | null> {
    const state = (await this.executor.load(streams.contact(contactId), contactDecider)).state;
    if (state.status !== 'active' || state.practiceId !== practiceId) return null;
    const send = state.sends.find((s) => s.sendId === sendId)?.send ?? null;
    return send?.type === 'SendReminder' ? null : send;
  }

  /** The number replied STOP to this practice, the address unsubscribed from its email (facts the decider needs). */
  protected async optedOut(
    practiceId: string,
    recipient: Recipient,
  ): Promise<{ smsOptedOut: boolean; emailOptedOut: boolean }> {
    const [smsOptedOut, emailOptedOut] = await Promise.all([
      recipient.phone !== null && this.consent.optedOut(practiceId, recipient.phone),
      recipient.email !== null && this.emailConsent.optedOut(practiceId, recipient.email),
    ]);
    return { smsOptedOut, emailOptedOut };
  }

  /** A new token, as the log keeps it: its hash and a sealed copy, never the token itself. */
  protected sealedToken(): { tokenHash: string; sealedToken: string } {
    const { tokenHash, sealedToken } = this.tokens.issue();
    return { tokenHash, sealedToken };
  }

  /** The practice's link validity (days), reminders, sending window and time zone. */
  protected async settings(practiceId: string, bulk: boolean): Promise<{ expiryDays: number; plan: ReminderPlan }> {
    const practice = (await this.executor.load(streams.practice(practiceId), practiceDecider)).state;
    const settings = practice.status === 'registered' ? practice.inviteSettings : DEFAULT_INVITE_SETTINGS;
    const timeZone = practice.status === 'registered' ? practice.profile.timeZone : DEFAULT_TIME_ZONE;
    const { expiryDays, reminderDays, sendingWindow } = settings;
    return { expiryDays, plan: { reminderDays, sendingWindow, timeZone, bulk } };
  }

  /** A send recorded by an earlier attempt of this request: its invitation's part again (nothing new when there). */
  protected async finish(contactId: string, send: StaffSend, context: CommandContext): Promise<InviteResult> {
    const outcome = await this.executor.execute(
      streams.invitation(send.invitationId),
      invitationDecider,
      send,
      context,
    );
    return this.result(contactId, send, outcome.position);
  }

  private result(contactId: string, send: StaffSend, position: Position | null): InviteResult {
    const channels = chooseChannels(send.recipient, send.smsOptedOut, send.emailOptedOut);
    const warnings = send.type === 'SendInvite' && channels.includes('sms') ? this.smsWarnings(send) : [];
    return { invitationId: send.invitationId, contactId, channels, position, warnings };
  }

  /** Sends the invitation again (resend, or a new invite of a contact whose invitation is pending). */
  protected async resend(invitationId: string, context: CommandContext, bulk: boolean): Promise<InviteResult> {
    const invitation = (await this.executor.load(streams.invitation(invitationId), invitationDecider)).state;
    const { practiceId } = context;
    if (invitation.status === 'none' || invitation.practiceId !== practiceId)
      throw new InvitationNotFound(invitationId);
    const sendId = newId(context, 'resend', invitationId);
    const retried = await this.recorded(invitation.contactId, sendId, practiceId);
    if (retried) return this.finish(invitation.contactId, retried, context);
    // The contact's current phone and email decide the channels of the resend.
    const contact = await this.contact(invitation.contactId, practiceId);
    const recipient: Recipient = { phone: contact.phone?.e164 ?? null, email: contact.email };
    const consent = await this.optedOut(practiceId, recipient);
    chooseChannels(recipient, consent.smsOptedOut, consent.emailOptedOut);
    const send: ResendInvite = {
      type: 'ResendInvite',
      invitationId,
      practiceId,
      recipient,
      ...consent,
      ...(await this.settings(practiceId, bulk)),
      ...this.sealedToken(),
      at: this.clock.now().toISOString(),
    };
    return this.record(invitation.contactId, sendId, send, context);
  }

  /** A text longer than one SMS segment costs more and may arrive split. */
  private smsWarnings(send: SendInvite): string[] {
    // Every token has the same length: a fresh one measures the text as the patient will get it.
    const { segments } = smsSegments(
      messageWithLink(invitationMessage(send), `${send.linkUrl}?i=${this.tokens.issue().token}`),
    );
    return segments > 1 ? [`The text message takes ${segments} SMS segments; a shorter message fits in one.`] : [];
  }
}

@CommandHandler(SendInviteCommand)
export class SendInviteHandler extends InvitationHandler implements ICommandHandler<SendInviteCommand> {
  constructor(
    @Inject(CommandExecutor) executor: CommandExecutor,
    @Inject(CLOCK) clock: Clock,
    @Inject(InviteTokens) tokens: InviteTokens,
    @Inject(SmsConsent) consent: SmsConsent,
    @Inject(EmailConsent) emailConsent: EmailConsent,
    @Inject(ContactKeys) private readonly keys: ContactKeys,
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    super(executor, clock, tokens, consent, emailConsent);
  }

  async execute({ input, context }: SendInviteCommand): Promise<InviteResult> {
    const { practiceId } = context;
    const contactId = input.contactId ?? newId(context, 'contact');
    const invitationId = newId(context, 'invitation', input.contactId ?? 'new');
    // The first send of an invitation is named by the invitation.
    const sendId = invitationId;
    const retried = await this.recorded(contactId, sendId, practiceId);
    if (retried) return this.finish(contactId, retried, context);
    // One live invitation per contact: inviting someone whose invitation is pending sends that one again.
    const pending = input.contactId ? await this.pendingOf(input.contactId, practiceId) : null;
    if (pending) {
      const resent = await this.resend(pending, context, input.bulk ?? false);
      return { ...resent, warnings: [...resent.warnings, RESENT_PENDING] };
    }

    // "Invite New Patient": the contact does not exist yet; its phone is read against the practice's country.
    const country = input.contactId ? null : await practiceCountry(this.executor, practiceId);
    const recipient: Recipient = input.contactId
      ? await this.contact(contactId, practiceId).then((c) => ({ phone: c.phone?.e164 ?? null, email: c.email }))
      : {
          phone: input.contact!.phone?.trim() ? requirePhone(input.contact!.phone, country!, 'phone').e164 : null,
          email: input.contact!.email?.trim() || null,
        };
    const consent = await this.optedOut(practiceId, recipient);
    // Refused here, before anything is recorded (the contact, the cap): the decider applies the same rule.
    chooseChannels(recipient, consent.smsOptedOut, consent.emailOptedOut);
    const link = await this.link(input.linkId, practiceId);
    const practice = (await this.executor.load(streams.practice(practiceId), practiceDecider)).state;
    if (practice.status !== 'registered') throw new PracticeNotFound();
    const { expiryDays, plan } = await this.settings(practiceId, input.bulk ?? false);
    const sender = (await this.executor.load(streams.staff(context.actor), staffDecider)).state;
    const send: SendInvite = {
      type: 'SendInvite',
      invitationId,
      practiceId,
      contactId,
      linkId: link.linkId,
      linkUrl: `${this.config.publicBaseUrl}/${link.slug}`,
      practiceName: practice.profile.name,
      senderName: sender.status === 'active' ? sender.name : practice.profile.name,
      customMessage: input.message?.trim() || null,
      template: practice.inviteSettings.messageTemplate,
      recipient,
      ...consent,
      expiryDays,
      plan,
      ...this.sealedToken(),
      at: this.clock.now().toISOString(),
    };
    if (input.contactId) return this.record(contactId, sendId, send, context);
    // A new contact, its keys and its first send are one commit: all recorded, or none (409 names an existing contact).
    const create: CreateContact = {
      type: 'CreateContact',
      contactId,
      practiceId,
      name: input.contact!.name,
      phone: input.contact!.phone ?? null,
      email: input.contact!.email ?? null,
      tags: [],
      source: 'manual',
      defaultCountry: country!,
      at: send.at,
      invite: { invitationId, sendId, cap: INVITE_CAP, send },
    };
    return this.record(contactId, sendId, send, context, (invitationStep) =>
      this.keys.creating(context, contactId, recipient, true, (keySteps) =>
        this.executor.executeAll(
          [...keySteps, step(streams.contact(contactId), contactDecider, create), invitationStep],
          context,
        ),
      ),
    );
  }

  /** The contact's pending invitation here, as of everything written before this command. */
  private async pendingOf(contactId: string, practiceId: string): Promise<string | null> {
    await catchUp(this.events, this.readModels, [invitationsProjection.name]);
    const pending = (await invitationsOfContact(this.readModels, contactId)).find(
      (i) => i.status === 'pending' && i.practiceId === practiceId,
    );
    return pending?.id ?? null;
  }

  /** The link named, or the practice's first link. */
  private async link(linkId: string | undefined, practiceId: string): Promise<{ linkId: string; slug: string }> {
    if (!linkId) {
      // Links rarely change: read the list as it is, and wait for the log only when it shows none yet.
      let [first] = (await listLinks(this.readModels, practiceId, { limit: 1 })).items;
      if (!first) {
        await catchUp(this.events, this.readModels, [linksProjection.name]);
        [first] = (await listLinks(this.readModels, practiceId, { limit: 1 })).items;
      }
      if (!first) throw new NoPracticeLink();
      linkId = first.id;
    }
    const state = (await this.executor.load(streams.link(linkId), linkDecider)).state;
    if (state.status === 'absent' || state.practiceId !== practiceId) throw new LinkNotFound(linkId);
    if (state.status === 'archived') throw new LinkIsArchived(linkId);
    return { linkId, slug: state.slug };
  }
}

@CommandHandler(ResendInviteCommand)
export class ResendInviteHandler extends InvitationHandler implements ICommandHandler<ResendInviteCommand> {
  async execute({ invitationId, context, bulk }: ResendInviteCommand): Promise<InviteResult> {
    return this.resend(invitationId, context, bulk);
  }
}

@CommandHandler(RevokeInviteCommand)
export class RevokeInviteHandler extends InvitationHandler implements ICommandHandler<RevokeInviteCommand> {
  async execute({ invitationId, context }: RevokeInviteCommand) {
    const revoke = {
      type: 'RevokeInvite' as const,
      invitationId,
      practiceId: context.practiceId,
      at: this.clock.now().toISOString(),
    };
    return {
      position: (await this.executor.execute(streams.invitation(invitationId), invitationDecider, revoke, context))
        .position,
    };
  }
}
