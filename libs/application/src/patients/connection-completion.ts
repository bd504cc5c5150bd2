import { Logger } from '@nestjs/common';
import {
  contactDecider,
  ContactPairedWithAnotherPatient,
  conversationDecider,
  invitationDecider,
  InvitationNotAcceptable,
  linkDecider,
  patientDecider,
  streams,
} from '@pi/domain';
import type { Position } from '@pi/event-store';
import type { CommandContext } from '../engine/command-context.js';
import type { CommandExecutor } from '../engine/command-executor.js';
import type { Clock } from '../engine/tokens.js';

/**
 * What follows a patient's connection with a practice: the contact paired
 * with the patient, the invitation accepted (when the patient came by one and
 * proved it), the contact's other pending invitations closed as accepted through
 * the link, the conversation started. The connection (`PatientConnected`)
 * is recorded first and holds every fact these steps need, so they are
 * finished from it: by the signup itself, by the same code sent again, or by
 * the process that finishes interrupted work after a crash (UnfinishedWork).
 * Every step is idempotent.
 */
export class ConnectionCompletion {
  private readonly logger = new Logger('ConnectionCompletion');

  constructor(
    private readonly executor: CommandExecutor,
    private readonly clock: Clock,
  ) {}

  /** Finishes the connection; the conversation's position, or null when there is no such connection. */
  async finish(patientId: string, practiceId: string, context: CommandContext): Promise<Position | null> {
    const patient = (await this.executor.load(streams.patient(patientId), patientDecider)).state;
    const connection = patient.status === 'active' ? patient.connections[practiceId] : undefined;
    if (!connection) return null;
    const at = () => this.clock.now().toISOString();
    try {
      await this.executor.execute(
        streams.contact(connection.contactId),
        contactDecider,
        { type: 'PairContact', contactId: connection.contactId, practiceId, patientId, at: at() },
        context,
      );
    } catch (error) {
      // Another patient was paired with the contact in between: the connection stands, recorded as it was.
      if (!(error instanceof ContactPairedWithAnotherPatient)) throw error;
      this.logger.warn(
        { contactId: connection.contactId },
        'contact paired with another patient while this connection was being finished',
      );
    }
    const { invitationId, provenBy, invitationTokenHash } = connection;
    if (connection.via === 'invitation' && invitationId && provenBy && invitationTokenHash) {
      try {
        await this.executor.execute(
          streams.invitation(invitationId),
          invitationDecider,
          {
            type: 'AcceptInvite',
            invitationId,
            practiceId,
            tokenHash: invitationTokenHash,
            patientId,
            provenBy,
            at: at(),
          },
          context,
        );
      } catch (error) {
        // Checked when connecting; a resend or revoke in between leaves the connection as it is, recorded as by invitation.
        if (!(error instanceof InvitationNotAcceptable)) throw error;
        this.logger.warn(
          { invitationId, reason: error.details.reason },
          'invitation changed while it was being accepted',
        );
      }
    }
    // Connected by any path: the contact's other invitations still pending close as accepted through the link.
    const contact = (await this.executor.load(streams.contact(connection.contactId), contactDecider)).state;
    const others = contact.status === 'active' ? contact.invitationIds.filter((id) => id !== invitationId) : [];
    for (const other of others)
      await this.executor.execute(
        streams.invitation(other),
        invitationDecider,
        { type: 'CloseOnConnection', invitationId: other, practiceId, patientId, linkId: connection.linkId, at: at() },
        context,
      );
    const link = (await this.executor.load(streams.link(connection.linkId), linkDecider)).state;
    const started = await this.executor.execute(
      streams.conversation(connection.conversationId),
      conversationDecider,
      {
        type: 'StartConversation',
        conversationId: connection.conversationId,
        practiceId,
        patientId,
        contactId: connection.contactId,
        linkId: connection.linkId,
        via: connection.via,
        tags: link.status === 'absent' ? [] : [...link.tags.conversation],
        autoAssignTo: link.status !== 'absent' && link.autoAssign && link.owner ? link.owner : null,
        at: at(),
      },
      context,
    );
    return started.position;
  }
}
