import type { Decider, DomainEvent } from '@pi/domain';
import {
  newEventId,
  VERIFY_BY_REVISION,
  WrongExpectedRevision,
  type EventStore,
  type Freshness,
  type NewEvent,
  type Position,
  type StreamAppend,
} from '@pi/event-store';
import { AggregateCache, type CachedAggregate } from './aggregate-cache.js';
import type { CommandContext } from './command-context.js';
import { stepsByStream, type Step } from './steps.js';
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
/** Most commands decided together into one append on a stream. */
const MAX_BATCH = 64;

/** A command waiting for its stream. */
interface Queued {
  decider: Decider<unknown, DomainEvent, unknown>;
  command: unknown;
  context: CommandContext;
  resolve: (outcome: CommandOutcome<DomainEvent>) => void;
  reject: (error: unknown) => void;
}

type Decision = { events: DomainEvent[] } | { refused: unknown };

/**
 * Load a stream, ask the decider, append with the expected revision, return.
 * On a revision conflict it re-reads and re-decides (safe: deciders are pure),
 * a bounded number of times, before giving up with ConcurrencyConflict.
 *
 * Commands on one stream never race each other in this process: they queue,
 * and the ones waiting together are decided one after another on the state
 * each leaves and appended as one batch (one commit, one wait for the disk),
 * each event with its own command's metadata. A refused command fails alone;
 * a failed append fails the batch, and nothing of it is stored.
 */
export class CommandExecutor {
  private readonly cache = new AggregateCache();
  private readonly waiting = new Map<string, Queued[]>();
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
    return new Promise<CommandOutcome<E>>((resolve, reject) => {
      const item = { decider, command, context, resolve, reject } as unknown as Queued;
      // A stream has a queue exactly while its drain runs (or is about to): join it.
      const queue = this.waiting.get(streamId);
      if (queue) return void queue.push(item);
      this.waiting.set(streamId, [item]);
      // After this turn's synchronous work: commands issued together start as one batch.
      queueMicrotask(() => void this.drain(streamId));
    });
  }

  private async drain(streamId: string): Promise<void> {
    try {
      for (let queue = this.waiting.get(streamId); queue?.length; queue = this.waiting.get(streamId)) {
        // One decider per batch: the commands that share the first one's, in order.
        let size = 1;
        while (size < queue.length && size < MAX_BATCH && queue[size].decider === queue[0].decider) size++;
        const batch = queue.splice(0, size);
        try {
          await this.decideAndAppend(streamId, batch);
        } catch (error) {
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      this.waiting.delete(streamId);
    }
  }

  /**
   * Decides on the cached state without reading the stream first: the append's
   * expected revision proves it current. Only a refusal or a no-op decided on
   * unproven state is checked again against a fresh read, so a stale cache can
   * never wrongly refuse a command either.
   */
  private async decideAndAppend(streamId: string, batch: Queued[]): Promise<void> {
    const { decider } = batch[0];
    let current = this.cache.get<unknown>(streamId);
    let proven = false;
    for (let attempt = 1; ; attempt++) {
      if (!current) {
        current = await this.load(streamId, decider);
        proven = true;
      }
      const decisions = this.decideAll(batch, current.state, proven);
      if (!decisions) {
        current = undefined;
        continue;
      }
      const toAppend: NewEvent[] = [];
      const occurredAt = this.clock.now().toISOString();
      decisions.outcomes.forEach((decision, i) => {
        if (!('events' in decision)) return;
        const metadata = { ...batch[i].context, occurredAt };
        for (const event of decision.events)
          toAppend.push({ id: newEventId(), type: event.type, data: event.data, metadata });
      });
      if (toAppend.length === 0) return answer(batch, decisions.outcomes, current.position);
      // Read before the append: any commit by another writer after this point changes the token.
      const token = this.freshness.changeToken();
      try {
        const appending = this.events.append(streamId, toAppend, current.revision < 0 ? 'no_stream' : current.revision);
        if ((this.waiting.get(streamId)?.length ?? 0) > 0) this.freshness.hurry();
        const result = await appending;
        let revision = current.revision;
        for (const decision of decisions.outcomes) {
          if (!('events' in decision) || decision.events.length === 0) continue;
          revision += decision.events.length;
          this.onAppended(streamId, decision.events, revision);
        }
        this.cache.set(streamId, {
          state: decisions.state,
          revision: result.nextExpectedRevision,
          position: result.position,
          token,
        });
        return answer(batch, decisions.outcomes, result.position);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyConflict(streamId);
        // The cached state is still a true prefix of the stream: the next load reads only what is new.
        current = undefined;
      }
    }
  }

  /**
   * Each command decided on the state the ones before it leave, and the state after them all; null when
   * unproven state refused or skipped one.
   */
  private decideAll(
    batch: Queued[],
    initial: unknown,
    proven: boolean,
  ): { outcomes: Decision[]; state: unknown } | null {
    const decisions: Decision[] = [];
    let state = initial;
    for (const { decider, command } of batch) {
      let events: DomainEvent[];
      try {
        events = decider.decide(
          typeof command === 'function' ? (command as (state: unknown) => unknown)(state) : command,
          state,
        );
      } catch (refused) {
        if (!proven) return null;
        decisions.push({ refused });
        continue;
      }
      if (events.length === 0 && !proven) return null;
      state = events.reduce(decider.evolve, state);
      decisions.push({ events });
    }
    return { outcomes: decisions, state };
  }

  /**
   * One command over several streams, committed once: each step's command is
   * decided on its stream's state (steps on the same stream one after another,
   * each on the state the one before leaves) and every event is appended in one
   * `appendMany`, each stream at the revision its decisions saw: all recorded,
   * or nothing. A refusal of any step refuses the command unless the step
   * tolerates it (then it records nothing); refusals and no-ops are checked
   * against a fresh read first, as `execute` does; a conflict re-reads and
   * re-decides. Outcomes in the order of the steps.
   */
  async executeAll(steps: readonly Step[], context: CommandContext): Promise<CommandOutcome<DomainEvent>[]> {
    const byStream = stepsByStream(steps);
    /** Streams whose cached state cannot be trusted for the next decision: read what is new in them first. */
    const reload = new Set<string>();
    /** Streams read during this command (not only taken from the cache): a refusal decided on them is final. */
    const proven = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      // Each stream is proven by one read at most, and conflicts are bounded: more rounds than that is a bug, not load.
      if (attempt > byStream.size + MAX_ATTEMPTS + 1)
        throw new Error('executeAll did not settle: a step is never proven');
      const states = new Map<string, CachedAggregate<unknown>>();
      await Promise.all(
        [...byStream].map(async ([streamId, [first]]) => {
          const hit = reload.has(streamId) ? undefined : this.cache.get<unknown>(streamId);
          if (!hit) proven.add(streamId);
          states.set(streamId, hit ?? (await this.load(streamId, first.decider)));
        }),
      );
      reload.clear();
      const decided = decideSteps(steps, states, proven);
      if ('unproven' in decided) {
        for (const streamId of decided.unproven) reload.add(streamId);
        continue;
      }
      const occurredAt = this.clock.now().toISOString();
      const eventsOf = (streamId: string) =>
        steps.flatMap((s, i) => (s.streamId === streamId ? decided.events[i] : []));
      const writing: StreamAppend[] = [];
      for (const streamId of byStream.keys()) {
        const events = eventsOf(streamId);
        if (events.length === 0) continue;
        const { revision } = states.get(streamId)!;
        writing.push({
          streamId,
          events: events.map((event) => ({
            id: newEventId(),
            type: event.type,
            data: event.data,
            metadata: { ...context, occurredAt },
          })),
          expected: revision < 0 ? 'no_stream' : revision,
        });
      }
      const positions = new Map([...states].map(([streamId, state]) => [streamId, state.position]));
      if (writing.length > 0) {
        const token = this.freshness.changeToken();
        let results;
        try {
          results = await this.events.appendMany(writing);
        } catch (error) {
          if (!(error instanceof WrongExpectedRevision)) throw error;
          if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyConflict(error.streamId);
          // The cached state is still a true prefix of the stream: the next load reads only what is new.
          reload.add(error.streamId);
          continue;
        }
        writing.forEach(({ streamId }, w) => {
          const { nextExpectedRevision, position } = results[w];
          const state = decided.states.get(streamId);
          this.cache.set(streamId, { state, revision: nextExpectedRevision, position, token });
          positions.set(streamId, position);
          this.onAppended(streamId, eventsOf(streamId), nextExpectedRevision);
        });
      }
      return steps.map((s, i) => ({ events: decided.events[i], position: positions.get(s.streamId) ?? null }));
    }
  }

  /** Whether a stream has any event (read from the store, never from the cache of decided states). */
  async exists(streamId: string): Promise<boolean> {
    return (
      (this.cache.get(streamId)?.revision ?? -1) >= 0 ||
      (await this.events.readStream(streamId, { maxCount: 1 })).length > 0
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
      // A stream with no event is cached too: the reservation a new contact takes is read once, not twice.
      this.cache.set(streamId, { ...cached, token });
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

/** Each command its outcome: its own events and the stream's position after the batch, or its refusal. */
function answer(batch: Queued[], decisions: Decision[], position: Position | null): void {
  decisions.forEach((decision, i) =>
    'events' in decision ? batch[i].resolve({ events: decision.events, position }) : batch[i].reject(decision.refused),
  );
}

/**
 * Each step decided on the state of its stream that the steps before it leave; the streams to read again when a
 * refusal or a no-op was decided on unproven state.
 */
function decideSteps(
  steps: readonly Step[],
  initial: ReadonlyMap<string, CachedAggregate<unknown>>,
  proven: ReadonlySet<string>,
): { events: DomainEvent[][]; states: Map<string, unknown> } | { unproven: string[] } {
  const states = new Map([...initial].map(([streamId, cached]) => [streamId, cached.state]));
  const events: DomainEvent[][] = [];
  const unproven = new Set<string>();
  let refusal: { error: unknown } | null = null;
  for (const { streamId, decider, command, tolerate } of steps) {
    const state = states.get(streamId);
    let decided: DomainEvent[] = [];
    try {
      const made = typeof command === 'function' ? (command as (s: unknown) => unknown)(state) : command;
      decided = decider.decide(made, state);
      if (decided.length === 0 && !proven.has(streamId)) unproven.add(streamId);
    } catch (error) {
      if (!proven.has(streamId)) unproven.add(streamId);
      else if (!tolerate?.(error)) refusal ??= { error };
    }
    events.push(decided);
    states.set(streamId, decided.reduce(decider.evolve, state));
  }
  if (unproven.size > 0) return { unproven: [...unproven] };
  if (refusal) throw refusal.error;
  return { events, states };
}
