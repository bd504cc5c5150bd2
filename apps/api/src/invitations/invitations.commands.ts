import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  contactDecider,
  ContactNotFound,
  invitationDecider,
  InvitationNotFound,
  NoChannel,
  linkDecider,
  LinkIsArchived,
  LinkNotFound,
  NoPracticeLink,
  practiceDecider,
  PracticeNotFound,
  staffDecider,
  streams,
  type Channel,
  type ContactState,
  type InvitationCommand,
} from '@pi/domain';
import type { EventStore, Position } from '@pi/event-store';
import { smsSegments } from '@pi/notify';
import { linksProjection, listLinks } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { Config } from '../config/config.js';
import { CreateContactCommand } from '../contacts/contacts.commands.js';
import { catchUp } from '../infrastructure/catch-up.js';
import type { CommandContext } from '../infrastructure/command-context.js';
import { CommandExecutor } from '../infrastructure/command-executor.js';
import { CLOCK, CONFIG, EVENT_STORE, READ_MODELS, type Clock } from '../infrastructure/tokens.js';
import { DEFAULT_TEMPLATE, messageWithLink, renderMessage } from './invite-message.js';
import { SmsConsent } from '../sms/sms-consent.js';
import { InviteTokens } from './invite-tokens.js';

export const INVITE_CAP = { max: 5, windowHours: 24 };
export const INVITE_VALID_DAYS = 30;

export interface InviteResult {
  invitationId: string;
  contactId: string;
  channels: Channel[];
  position: Position | null;
  warnings: string[];
}

export class SendInviteCommand extends Command<InviteResult> {
  constructor(
    readonly input: { contactId?: string; contact?: { name: string; phone?: string | null; email?: string | null }; message?: string; linkId?: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class ResendInviteCommand extends Command<InviteResult> {
  constructor(
    readonly invitationId: string,
    readonly context: CommandContext,
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
 * "SMS goes out only when a phone number is given; email when an email is given" —
 * and never a text to a number that replied STOP to this practice.
 */
async function channelsOf(contact: Extract<ContactState, { status: 'active' }>, consent: SmsConsent): Promise<Channel[]> {
  const textable = contact.phone !== null && !(await consent.optedOut(contact.practiceId, contact.phone.e164));
  const channels: Channel[] = [...(textable ? (['sms'] as const) : []), ...(contact.email ? (['email'] as const) : [])];
  if (channels.length === 0 && contact.phone) throw new NoChannel('The patient opted out of text messages from this practice (replied STOP) and has no email: add an email, or ask them to reply START.');
  // Refused here, before anything is recorded (the cap, the contact's status).
  if (channels.length === 0) throw new NoChannel();
  return channels;
}

abstract class InvitationHandler {
  constructor(
    @Inject(CommandExecutor) protected readonly executor: CommandExecutor,
    @Inject(CLOCK) protected readonly clock: Clock,
    @Inject(InviteTokens) protected readonly tokens: InviteTokens,
    @Inject(SmsConsent) protected readonly consent: SmsConsent,
  ) {}

  protected async contact(contactId: string, practiceId: string) {
    const state = (await this.executor.load(streams.contact(contactId), contactDecider)).state;
    if (state.status !== 'active' || state.practiceId !== practiceId) throw new ContactNotFound(contactId);
    return state;
  }

  /** Counts this send against the contact's cap, atomically on the contact's stream. */
  protected async countAgainstCap(contactId: string, invitationId: string, context: CommandContext, at: string) {
    await this.executor.execute(streams.contact(contactId), contactDecider, { type: 'InviteContact', contactId, practiceId: context.practiceId, invitationId, cap: INVITE_CAP, at }, context);
  }

  protected expiry(now: Date, days: number): string {
    return new Date(now.getTime() + days * 86_400_000).toISOString();
  }

  protected async expiryDays(practiceId: string): Promise<number> {
    const practice = (await this.executor.load(streams.practice(practiceId), practiceDecider)).state;
    return practice.status === 'registered' ? practice.inviteSettings.expiryDays : INVITE_VALID_DAYS;
  }

  protected run(invitationId: string, command: InvitationCommand, context: CommandContext) {
    return this.executor.execute(streams.invitation(invitationId), invitationDecider, command, context);
  }

  protected warnings(message: string, linkUrl: string, token: string, channels: Channel[]): string[] {
    if (!channels.includes('sms')) return [];
    const { segments } = smsSegments(messageWithLink(message, `${linkUrl}?i=${token}`));
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
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    super(executor, clock, tokens, consent);
  }

  async execute({ input, context }: SendInviteCommand): Promise<InviteResult> {
    const { practiceId } = context;
    // "Invite New Patient": the contact is created first (409 names an existing one with the same phone or email).
    const contactId = input.contactId ?? (await this.commands.execute(new CreateContactCommand({ ...input.contact!, source: 'manual' }, context))).contactId;
    const contact = await this.contact(contactId, practiceId);
    const channels = await channelsOf(contact, this.consent);
    const link = await this.link(input.linkId, practiceId);
    const practice = (await this.executor.load(streams.practice(practiceId), practiceDecider)).state;
    if (practice.status !== 'registered') throw new PracticeNotFound();
    const sender = (await this.executor.load(streams.staff(context.actor), staffDecider)).state;
    const template = practice.inviteSettings.messageTemplate ?? DEFAULT_TEMPLATE;
    const message = input.message?.trim() || renderMessage(template, { practice: practice.profile.name, sender: sender.status === 'active' ? sender.name : practice.profile.name });
    const linkUrl = `${this.config.publicBaseUrl}/${link.slug}`;
    const now = this.clock.now();
    const at = now.toISOString();
    const invitationId = randomUUID();
    const { token, tokenHash, sealedToken } = this.tokens.issue();
    await this.countAgainstCap(contactId, invitationId, context, at);
    const outcome = await this.run(
      invitationId,
      {
        type: 'SendInvite',
        invitationId,
        practiceId,
        contactId,
        linkId: link.linkId,
        channels,
        to: { phone: contact.phone?.e164 ?? null, email: contact.email },
        message,
        linkUrl,
        practiceName: practice.profile.name,
        tokenHash,
        sealedToken,
        at,
        expiresAt: this.expiry(now, practice.inviteSettings.expiryDays),
      },
      context,
    );
    return { invitationId, contactId, channels, position: outcome.position, warnings: this.warnings(message, linkUrl, token, channels) };
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
  async execute({ invitationId, context }: ResendInviteCommand): Promise<InviteResult> {
    const invitation = (await this.executor.load(streams.invitation(invitationId), invitationDecider)).state;
    const { practiceId } = context;
    if (invitation.status === 'none' || invitation.practiceId !== practiceId) throw new InvitationNotFound(invitationId);
    // The contact's current phone and email decide the channels of the resend.
    const contact = await this.contact(invitation.contactId, practiceId);
    const channels = await channelsOf(contact, this.consent);
    const now = this.clock.now();
    const at = now.toISOString();
    const { tokenHash, sealedToken } = this.tokens.issue();
    await this.countAgainstCap(invitation.contactId, invitationId, context, at);
    const outcome = await this.run(invitationId, { type: 'ResendInvite', invitationId, practiceId, channels, to: { phone: contact.phone?.e164 ?? null, email: contact.email }, tokenHash, sealedToken, at, expiresAt: this.expiry(now, await this.expiryDays(practiceId)) }, context);
    return { invitationId, contactId: invitation.contactId, channels, position: outcome.position, warnings: [] };
  }
}

@CommandHandler(RevokeInviteCommand)
export class RevokeInviteHandler extends InvitationHandler implements ICommandHandler<RevokeInviteCommand> {
  async execute({ invitationId, context }: RevokeInviteCommand) {
    return { position: (await this.run(invitationId, { type: 'RevokeInvite', invitationId, practiceId: context.practiceId, at: this.clock.now().toISOString() }, context)).position };
  }
}
