import { DomainError, invitationDecider, streams, type ContactInvited, type PatientConnected } from '@pi/domain';
import type { EventStore, RecordedEvent } from '@pi/event-store';
import { sleep, type DocumentStore } from '@pi/read-store';
import type { CommandContext } from '../command-context.js';
import type { CommandExecutor } from '../command-executor.js';
import { Reactor } from '../reactor.js';
import type { Clock } from '../tokens.js';
import type { ConnectionCompletion } from '../../patients/connection-completion.js';

const CHECKPOINT = 'process:unfinished-work';
const FOLLOWED = ['ContactInvited', 'PatientConnected'];

/**
 * Finishes the multi-stream commands that a crash (or a failed write) cut
 * short. Each such command records its intent, with every fact the rest needs,
 * in its first append; this process follows the log and, a grace period after
 * each, runs the rest (all of it idempotent):
 * - `ContactInvited` carries the send: it is run on the invitation's stream
 *   (Invite New Patient, invite, resend, bulk). Delivery then picks it up.
 * - `PatientConnected` (a signup): the contact's pairing, the invitation's
 *   acceptance and the conversation (ConnectionCompletion).
 * For every command that completed (nearly all) this is a read. Runs beside
 * delivery, in exactly one process.
 */
export class UnfinishedWork extends Reactor {
  /** Commands this process had to finish (the request that began them never did). */
  finished = 0;

  constructor(
    events: EventStore,
    store: DocumentStore,
    private readonly executor: CommandExecutor,
    private readonly connections: ConnectionCompletion,
    private readonly clock: Clock,
    private readonly graceMs = 2000,
  ) {
    super('UnfinishedWork', events, store, {
      checkpoint: CHECKPOINT,
      filter: { eventTypes: FOLLOWED },
      unreadable: 'unreadable event: not finished',
    });
  }

  protected async handle(event: RecordedEvent, signal: AbortSignal): Promise<void> {
    await this.waitOutGrace(event, signal);
    if (!signal.aborted) await this.finish(event);
  }

  /** The request that recorded the send is normally still finishing it: leave it the time to. */
  private async waitOutGrace(event: RecordedEvent, signal: AbortSignal): Promise<void> {
    const due = Date.parse(event.recordedAt) + this.graceMs - this.clock.now().getTime();
    if (due > 0) await sleep(due, signal);
  }

  private async finish(event: RecordedEvent): Promise<void> {
    const context: CommandContext = {
      practiceId: event.metadata.practiceId,
      actor: 'system:unfinished-work',
      correlationId: event.metadata.correlationId,
      causationId: event.id,
    };
    try {
      if (event.type === 'PatientConnected')
        await this.finishConnection(event as RecordedEvent<PatientConnected['data']>, context);
      else await this.finishSend(event as RecordedEvent<ContactInvited['data']>, context);
    } catch (error) {
      // Revoked or accepted since, paired elsewhere: nothing to finish. Ids only in the log, never personal data.
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn(
        { eventId: event.id, type: event.type, errorCode: error.code },
        'interrupted work no longer applies',
      );
    }
  }

  private async finishConnection(
    event: RecordedEvent<PatientConnected['data']>,
    context: CommandContext,
  ): Promise<void> {
    const { patientId, practiceId, conversationId } = event.data;
    if (await this.executor.exists(streams.conversation(conversationId))) return;
    await this.connections.finish(patientId, practiceId, context);
    this.finished += 1;
    this.logger.warn({ patientId, conversationId }, 'finished a connection an interrupted signup had begun');
  }

  private async finishSend(event: RecordedEvent<ContactInvited['data']>, context: CommandContext): Promise<void> {
    const send = event.data.send;
    if (!send) return; // recorded before sends rode on this event
    const outcome = await this.executor.execute(
      streams.invitation(send.invitationId),
      invitationDecider,
      send,
      context,
    );
    if (outcome.events.length === 0) return;
    this.finished += 1;
    this.logger.warn(
      { invitationId: send.invitationId, contactId: event.data.contactId },
      'finished a send an interrupted request had begun',
    );
  }
}
