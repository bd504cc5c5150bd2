import type { Decider, DomainEvent } from '@pi/domain';
import {
  newEventId,
  VERIFY_BY_REVISION,
  WrongExpectedRevision,
  type EventStore,
  type Freshness,
  type NewEvent,
  type Position,
} from '@pi/event-store';
import { AggregateCache, type CachedAggregate } from './aggregate-cache.js';
import { KeyedQueue } from './keyed-queue.js';
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
  private readonly queue = new KeyedQueue();
  /** Told of every append of this process, after it committed (metrics, the live caller directory). */
  onAppended: (streamId: string, events: readonly DomainEvent[], lastRevision: number) => void = () => undefined;

  constructor(
    private readonly events: EventStore,
    private readonly clock: Clock,
    /** What the store can tell about other writers (see Freshness); by default nothing. */
    private readonly freshness: Freshness = VERIFY_BY_REVISION,
  ) {}

  execute<C, E extends DomainEvent, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    command: C | ((state: S) => C),
    context: CommandContext,
  ): Promise<CommandOutcome<E>> {
    return this.queue.run(streamId, () => this.decideAndAppend(streamId, decider, command, context));
  }

  /**
   * Decides on the cached state without reading the stream first: the append's
   * expected revision proves it current. Only a refusal or a no-op decided on
   * unproven state is checked again against a fresh read, so a stale cache can
   * never wrongly refuse a command either.
   */
  private async decideAndAppend<C, E extends DomainEvent, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    command: C | ((state: S) => C),
    context: CommandContext,
  ): Promise<CommandOutcome<E>> {
    let current = this.cache.get<S>(streamId);
    let proven = false;
    for (let attempt = 1; ; attempt++) {
      if (!current) {
        current = await this.load(streamId, decider);
        proven = true;
      }
      const state = current.state;
      let decided: E[];
      try {
        decided = decider.decide(typeof command === 'function' ? (command as (state: S) => C)(state) : command, state);
      } catch (error) {
        if (proven) throw error;
        current = undefined;
        continue;
      }
      if (decided.length === 0) {
        if (proven) return { events: [], position: current.position };
        current = undefined;
        continue;
      }
      const occurredAt = this.clock.now().toISOString();
      // Read before the append: any commit by another writer after this point changes the token.
      const token = this.freshness.changeToken();
      const toAppend: NewEvent[] = decided.map((event) => ({
        id: newEventId(),
        type: event.type,
        data: event.data,
        metadata: { ...context, occurredAt },
      }));
      try {
        const appending = this.events.append(streamId, toAppend, current.revision < 0 ? 'no_stream' : current.revision);
        if (this.queue.waiting(streamId) > 0) this.freshness.hurry();
        const result = await appending;
        this.onAppended(streamId, decided, result.nextExpectedRevision);
        this.cache.set<S>(streamId, {
          state: decided.reduce(decider.evolve, state),
          revision: result.nextExpectedRevision,
          position: result.position,
          token,
        });
        return { events: decided, position: result.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyConflict(streamId);
        // The cached state is still a true prefix of the stream: the next load reads only what is new.
        current = undefined;
      }
    }
  }

  /** Whether a stream has any event (read from the store, never from the cache of decided states). */
  async exists(streamId: string): Promise<boolean> {
    return (
      this.cache.get(streamId) !== undefined || (await this.events.readStream(streamId, { maxCount: 1 })).length > 0
    );
  }

  /** The current state of a stream, without deciding anything. */
  async load<E extends DomainEvent, S>(
    streamId: string,
    decider: Pick<Decider<never, E, S>, 'evolve' | 'initialState'>,
  ): Promise<CachedAggregate<S>> {
    const token = this.freshness.changeToken();
    const hit = this.cache.get<S>(streamId);
    // Nobody else has committed since this state was known current: it still is.
    if (hit && token !== null && hit.token === token) return hit;
    // Otherwise start from the cached state, if any, and read only the events after it.
    const cached = hit ?? { state: decider.initialState, revision: -1, position: null };
    const newer = await this.events.readStream(streamId, { fromRevision: cached.revision + 1 });
    if (newer.length === 0) {
      if (hit) this.cache.set(streamId, { ...hit, token });
      return cached;
    }
    const last = newer[newer.length - 1];
    const loaded = {
      state: newer.reduce((state, event) => decider.evolve(state, event as unknown as E), cached.state),
      revision: last.revision,
      position: last.position,
      token,
    };
    this.cache.set(streamId, loaded);
    return loaded;
  }
}
