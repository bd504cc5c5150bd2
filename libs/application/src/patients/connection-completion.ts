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
  type Connection,
} from '@pi/domain';
import type { Position } from '@pi/event-store';
import type { CommandContext } from '../engine/command-context.js';
import type { CommandExecutor } from '../engine/command-executor.js';
import { lastPosition, step, type Step } from '../engine/steps.js';
import type { Clock } from '../engine/tokens.js';

/** What finishing a connection needs to know of it (all in `PatientConnected`). */
export type ConnectionFacts = Pick<
  Connection,
  'via' | 'invitationId' | 'provenBy' | 'contactId' | 'conversationId' | 'linkId' | 'invitationTokenHash'
>;

/**
 * What follows a patient's connection with a practice: the contact paired
 * with the patient, the invitation accepted (when the patient came by one and
 * proved it), the contact's other pending invitations closed as accepted through
 * the link, the conversation started. A sign-up commits them with the
 * connection itself (`steps`, in its one executeAll); where a store writes
 * streams one after another (KurrentDB) the connection (`PatientConnected`)
 * comes first and holds every fact these steps need, so they are finished from
 * it (`finish`): by the same code sent again, or by the process that finishes
 * interrupted work (UnfinishedWork). Every step is idempotent.
 */
export class ConnectionCompletion {
  private readonly logger = new Logger('ConnectionCompletion');

  constructor(
    private readonly executor: CommandExecutor,
    private readonly clock: Clock,
  ) {}

  /** Finishes a recorded connection in one commit; the position it leaves, or null when there is no such connection. */
  async finish(patientId: string, practiceId: string, context: CommandContext): Promise<Position | null> {
    const patient = (await this.executor.load(streams.patient(patientId), patientDecider)).state;
    const connection = patient.status === 'active' ? patient.connections[practiceId] : undefined;
    if (!connection) return null;
    return lastPosition(await this.executor.executeAll(await this.steps(patientId, practiceId, connection), context));
  }

  /**
   * The steps after a connection: pairing, acceptance, the other invitations closed, the conversation (its link's
   * conversation tags and auto-assign). A contact paired with another patient, or an invitation resent or revoked,
   * in between leaves the connection as it was recorded: those steps record nothing, with a warning.
   */
  async steps(patientId: string, practiceId: string, connection: ConnectionFacts): Promise<Step[]> {
    const at = this.clock.now().toISOString();
    const { contactId, invitationId, provenBy, invitationTokenHash, linkId, conversationId, via } = connection;
    const steps: Step[] = [
      step(
        streams.contact(contactId),
        contactDecider,
        { type: 'PairContact', contactId, practiceId, patientId, at },
        {
          tolerate: (refusal) =>
            this.tolerated(
              refusal,
              ContactPairedWithAnotherPatient,
              { contactId },
              'contact paired with another patient while this connection was being finished',
            ),
        },
      ),
    ];
    if (via === 'invitation' && invitationId && provenBy && invitationTokenHash)
      steps.push(
        step(
          streams.invitation(invitationId),
          invitationDecider,
          { type: 'AcceptInvite', invitationId, practiceId, tokenHash: invitationTokenHash, patientId, provenBy, at },
          {
            tolerate: (refusal) =>
              this.tolerated(
                refusal,
                InvitationNotAcceptable,
                { invitationId, reason: refusal instanceof InvitationNotAcceptable ? refusal.details.reason : null },
                'invitation changed while it was being accepted',
              ),
          },
        ),
      );
    // Connected by any path: the contact's other invitations still pending close as accepted through the link.
    const contact = (await this.executor.load(streams.contact(contactId), contactDecider)).state;
    const others = contact.status === 'active' ? contact.invitationIds.filter((id) => id !== invitationId) : [];
    for (const other of others)
      steps.push(
        step(streams.invitation(other), invitationDecider, {
          type: 'CloseOnConnection',
          invitationId: other,
          practiceId,
          patientId,
          linkId,
          at,
        }),
      );
    const link = (await this.executor.load(streams.link(linkId), linkDecider)).state;
    steps.push(
      step(streams.conversation(conversationId), conversationDecider, {
        type: 'StartConversation',
        conversationId,
        practiceId,
        patientId,
        contactId,
        linkId,
        via,
        tags: link.status === 'absent' ? [] : [...link.tags.conversation],
        autoAssignTo: link.status !== 'absent' && link.autoAssign && link.owner ? link.owner : null,
        at,
      }),
    );
    return steps;
  }

  /** A refusal of this kind leaves the connection as it was recorded: logged (ids only), and the rest goes on. */
  private tolerated(
    refusal: unknown,
    kind: abstract new (...args: never[]) => unknown,
    details: object,
    text: string,
  ): boolean {
    if (!(refusal instanceof kind)) return false;
    this.logger.warn(details, text);
    return true;
  }
}
