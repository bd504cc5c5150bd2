import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  contactDecider,
  ContactNotFound,
  DomainError,
  streams,
  InviteCapReached,
  NoChannel,
  PatientAlreadyConnected,
} from '@pi/domain';
import {
  contactsProjection,
  invitationsOfContact,
  invitationsProjection,
  listContacts,
  listInvitations,
} from '@pi/projections';
import type { EventStore } from '@pi/event-store';
import type { ProjectionEngine } from '@pi/read-store';
import { catchUp, type CommandContext, CommandExecutor, EVENT_STORE, READ_MODELS } from '@pi/application';
import { newId } from '../infrastructure/new-id.js';
import { mapConcurrently } from '../infrastructure/map-concurrently.js';
import {
  ResendInviteCommand,
  ResendInviteHandler,
  SendInviteCommand,
  SendInviteHandler,
} from './invitations.commands.js';

export const MAX_BULK = 1000;
const BULK_CONCURRENCY = 16;

export type BulkOutcome =
  | { contactId: string; outcome: 'sent' | 'resent'; invitationId: string }
  | {
      contactId: string;
      outcome: 'skipped';
      reason: 'no_channel' | 'opted_out' | 'capped' | 'connected' | 'not_found' | 'failed';
      detail: string;
    };

export class BulkInviteCommand extends Command<{ results: BulkOutcome[]; position: bigint | null }> {
  constructor(
    readonly input: { contactIds?: string[]; select?: 'not_invited' | 'pending'; message?: string; linkId?: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Invites many contacts at once: new invitations for those without one, a
 * resend for those with one pending. Each contact gets its own answer; one
 * that cannot be invited never stops the others.
 */
@CommandHandler(BulkInviteCommand)
export class BulkInviteHandler implements ICommandHandler<BulkInviteCommand> {
  constructor(
    // Each contact's send is the single invite's use case, run directly: a handler never goes back up to the bus.
    @Inject(SendInviteHandler) private readonly send: SendInviteHandler,
    @Inject(ResendInviteHandler) private readonly resend: ResendInviteHandler,
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
  ) {}

  async execute({ input, context }: BulkInviteCommand) {
    await catchUp(this.events, this.readModels, [contactsProjection.name, invitationsProjection.name]);
    const contactIds = input.contactIds ?? (await this.selected(input.select!, context.practiceId));
    let position: bigint | null = null;
    // Contacts are independent streams: several at a time, so their appends share commits.
    const results = await mapConcurrently(
      [...new Set(contactIds)].slice(0, MAX_BULK),
      BULK_CONCURRENCY,
      async (contactId): Promise<BulkOutcome> => {
        try {
          // A retried request (same Idempotency-Key) that already sent this contact its invitation finishes that send, never resends it.
          const sentByThisRequest =
            context.idempotencyKey !== undefined && (await this.sentByThisRequest(contactId, context));
          const pending = sentByThisRequest
            ? undefined
            : (await invitationsOfContact(this.readModels, contactId)).find(
                (i) => i.status === 'pending' && i.practiceId === context.practiceId,
              );
          const result = pending
            ? await this.resend.execute(new ResendInviteCommand(pending.id, context, true))
            : await this.send.execute(
                new SendInviteCommand({ contactId, message: input.message, linkId: input.linkId, bulk: true }, context),
              );
          if (result.position !== null && (position === null || result.position > position)) position = result.position;
          return { contactId, outcome: pending ? 'resent' : 'sent', invitationId: result.invitationId };
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return { contactId, outcome: 'skipped', reason: reasonOf(error), detail: error.message };
        }
      },
    );
    return { results, position };
  }

  private async sentByThisRequest(contactId: string, context: CommandContext): Promise<boolean> {
    const contact = (await this.executor.load(streams.contact(contactId), contactDecider)).state;
    const sendId = newId(context, 'invitation', contactId);
    return (
      contact.status === 'active' &&
      contact.practiceId === context.practiceId &&
      contact.sends.some((s) => s.sendId === sendId)
    );
  }

  private async selected(select: 'not_invited' | 'pending', practiceId: string): Promise<string[]> {
    if (select === 'not_invited')
      return (await listContacts(this.readModels, practiceId, { status: 'not_invited', limit: MAX_BULK })).items.map(
        (c) => c.id,
      );
    return (await listInvitations(this.readModels, practiceId, { status: 'pending', limit: MAX_BULK })).items.map(
      (i) => i.contactId,
    );
  }
}

function reasonOf(error: DomainError): Extract<BulkOutcome, { outcome: 'skipped' }>['reason'] {
  if (error instanceof NoChannel) return /opted out/.test(error.message) ? 'opted_out' : 'no_channel';
  if (error instanceof InviteCapReached) return 'capped';
  if (error instanceof ContactNotFound) return 'not_found';
  if (error instanceof PatientAlreadyConnected) return 'connected';
  return 'failed';
}
