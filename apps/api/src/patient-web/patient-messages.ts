import { Inject, Injectable } from '@nestjs/common';
import {
  conversationDecider,
  ConversationNotFound,
  linkDecider,
  LinkNotFound,
  patientDecider,
  streams,
  type PostPatientMessage,
} from '@pi/domain';
import type { Position } from '@pi/event-store';
import { conversationsOfPatient } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import { CLOCK, type Clock, type CommandContext, CommandExecutor, derivedId, READ_MODELS } from '@pi/application';
import { newId } from '../infrastructure/new-id.js';

export class NotConnected extends Error {
  constructor() {
    super('The patient is not connected with this practice.');
  }
}

/**
 * A patient writes: through a link (starting or continuing the conversation
 * of this patient and link), or in one of their conversations. Every message
 * to a link's conversation carries the link as it is now, so its conversation
 * tags are applied and it auto-assigns to the owner ("anytime someone sends a
 * message to that Spruce Link").
 */
@Injectable()
export class PatientMessages {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Writes to the practice through the link; the conversation it went to. */
  async throughLink(
    patientId: string,
    linkId: string,
    text: string,
    context: CommandContext,
  ): Promise<{ conversationId: string; position: Position | null }> {
    const link = (await this.executor.load(streams.link(linkId), linkDecider)).state;
    if (link.status === 'absent') throw new LinkNotFound(linkId);
    const patient = (await this.executor.load(streams.patient(patientId), patientDecider)).state;
    const connection = patient.status === 'active' ? patient.connections[link.practiceId] : undefined;
    if (!connection) throw new NotConnected();
    // The conversation this patient already has through this link (the one their signup started), else a new one.
    const existing = (await conversationsOfPatient(this.readModels, patientId)).items.find(
      (doc) => doc.practiceId === link.practiceId && doc.linkId === linkId,
    );
    const conversationId =
      existing?.id ??
      (connection.linkId === linkId
        ? connection.conversationId
        : derivedId('conversation', link.practiceId, patientId, linkId));
    return this.post(
      {
        type: 'PostPatientMessage',
        conversationId,
        practiceId: link.practiceId,
        messageId: newId(context, 'message', conversationId),
        patientId,
        text,
        at: this.clock.now().toISOString(),
        throughLink: {
          start: {
            conversationId,
            practiceId: link.practiceId,
            patientId,
            contactId: connection.contactId,
            linkId,
            via: 'link',
            tags: [...link.tags.conversation],
          },
          tags: [...link.tags.conversation],
          autoAssignTo: link.autoAssign && link.owner ? link.owner : null,
        },
      },
      context,
    );
  }

  /** A reply in one of the patient's conversations: a message to its link, as it is now. */
  async reply(
    patientId: string,
    conversationId: string,
    text: string,
    context: CommandContext,
  ): Promise<{ conversationId: string; position: Position | null }> {
    const conversation = (await this.executor.load(streams.conversation(conversationId), conversationDecider)).state;
    if (conversation.status === 'none' || conversation.patientId !== patientId)
      throw new ConversationNotFound(conversationId);
    const link = (await this.executor.load(streams.link(conversation.linkId), linkDecider)).state;
    return this.post(
      {
        type: 'PostPatientMessage',
        conversationId,
        practiceId: conversation.practiceId,
        messageId: newId(context, 'message', conversationId),
        patientId,
        text,
        at: this.clock.now().toISOString(),
        throughLink:
          link.status === 'absent'
            ? null
            : {
                start: null,
                tags: [...link.tags.conversation],
                autoAssignTo: link.autoAssign && link.owner ? link.owner : null,
              },
      },
      context,
    );
  }

  private async post(command: PostPatientMessage, context: CommandContext) {
    const outcome = await this.executor.execute(
      streams.conversation(command.conversationId),
      conversationDecider,
      command,
      context,
    );
    return { conversationId: command.conversationId, position: outcome.position };
  }
}
