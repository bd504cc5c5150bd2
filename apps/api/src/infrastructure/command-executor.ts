import { randomUUID } from 'node:crypto';
import type { Decider, DomainEvent } from '@pi/domain';
import { WrongExpectedRevision, type EventStore, type NewEvent, type Position } from '@pi/event-store';
import { AggregateCache, type CachedAggregate } from './aggregate-cache.js';
import type { CommandContext } from './command-context.js';
import type { Clock } from './tokens.js';

export interface CommandOutcome<E> {
  events: E[];
  /** Position of the last event written, or of the stream's last event when the command changed nothing. */
  position: Position | null;
}

/** The stream moved under us more often than re-deciding could catch up. */
export class ConcurrencyConflict extends Error {
  readonly code = 'concurrency-conflict';
  constructor(readonly streamId: string) {
    super('Someone else changed this at the same moment; read it again and retry.');
    this.name = 'ConcurrencyConflict';
  }
}

const MAX_ATTEMPTS = 3;

/**
 * Load a stream, ask the decider, append with the expected revision, return.
 * On a revision conflict it re-reads and re-decides (safe: deciders are pure),
 * a bounded number of times, before giving up with ConcurrencyConflict.
 */
export class CommandExecutor {
  private readonly cache = new AggregateCache();
  onAppended: (count: number) => void = () => undefined;

  constructor(
    private readonly events: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute<C, E extends DomainEvent, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    command: C | ((state: S) => C),
    context: CommandContext,
  ): Promise<CommandOutcome<E>> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(streamId, decider);
      const concrete = typeof command === 'function' ? (command as (state: S) => C)(current.state) : command;
      const decided = decider.decide(concrete, current.state);
      if (decided.length === 0) return { events: [], position: current.position };
      const occurredAt = this.clock.now().toISOString();
      const toAppend: NewEvent[] = decided.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: event.data,
        metadata: { ...context, occurredAt },
      }));
      try {
        const result = await this.events.append(streamId, toAppend, current.revision < 0 ? 'no_stream' : current.revision);
        this.onAppended(toAppend.length);
        this.cache.set<S>(streamId, {
          state: decided.reduce(decider.evolve, current.state),
          revision: result.nextExpectedRevision,
          position: result.position,
        });
        return { events: decided, position: result.position };
      } catch (error) {
        this.cache.forget(streamId);
        if (!(error instanceof WrongExpectedRevision)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyConflict(streamId);
      }
    }
  }

  /** The current state of a stream, without deciding anything. */
  async load<E extends DomainEvent, S>(streamId: string, decider: Pick<Decider<never, E, S>, 'evolve' | 'initialState'>): Promise<CachedAggregate<S>> {
    const cached = this.cache.get<S>(streamId) ?? { state: decider.initialState, revision: -1, position: null };
    const newer = await this.events.readStream(streamId, { fromRevision: cached.revision + 1 });
    if (newer.length === 0) return cached;
    const last = newer[newer.length - 1]!;
    const loaded = {
      state: newer.reduce((state, event) => decider.evolve(state, event as unknown as E), cached.state),
      revision: last.revision,
      position: last.position,
    };
    this.cache.set(streamId, loaded);
    return loaded;
  }
}
