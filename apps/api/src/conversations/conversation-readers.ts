import { Inject, Injectable } from '@nestjs/common';
import {
  ConversationNotFound,
  CONVERSATION_EVENT_TYPES,
  conversationDecider,
  conversationEventAt,
  readersAt,
  streams,
  type AccessReason,
  type ConversationEvent,
  type ConversationState,
} from '@pi/domain';
import type { EventStore } from '@pi/event-store';
import { accessHistory, getConversation, staffNames } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import { CLOCK, EVENT_STORE, READ_MODELS, type Clock } from '@pi/application';

export interface ReadersAnswer {
  conversationId: string;
  at: string;
  /** Whether the conversation had started by then (no one could read it before). */
  started: boolean;
  readers: { staffId: string; name: string | null; reasons: AccessReason[] }[];
}

const TYPES: ReadonlySet<string> = new Set(CONVERSATION_EVENT_TYPES);

/**
 * Who could read a conversation at a given moment, and why: the practice's
 * access history up to then (link owners, members, owning teams, staff roles)
 * and the conversation as it stood then (who was already in it), folded by
 * the same domain rule the inbox applies now.
 */
@Injectable()
export class ConversationReaders {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** At `at` (an ISO time; now when absent). */
  async at(practiceId: string, conversationId: string, when?: string): Promise<ReadersAnswer> {
    const at = when ? new Date(when).toISOString() : this.clock.now().toISOString();
    if (!(await getConversation(this.readModels, practiceId, conversationId)))
      throw new ConversationNotFound(conversationId);
    const recorded = await this.events.readStream(streams.conversation(conversationId));
    const then = recorded
      .filter((event) => TYPES.has(event.type))
      .map((event) => ({ type: event.type, data: event.data }) as ConversationEvent)
      .filter((event) => conversationEventAt(event) <= at)
      .reduce<ConversationState>(conversationDecider.evolve, conversationDecider.initialState);
    const facts = then.status === 'none' ? null : then;
    const readers = readersAt(await accessHistory(this.readModels, practiceId), facts, at);
    const names = await staffNames(
      this.readModels,
      practiceId,
      readers.map((reader) => reader.staffId),
    );
    return {
      conversationId,
      at,
      started: facts !== null && facts.startedAt <= at,
      readers: readers.map((reader) => ({ ...reader, name: names.get(reader.staffId) ?? null })),
    };
  }
}
