import { START, UnreadableEvent, type EventStore, type Position } from '@pi/event-store';
import { CheckpointMoved, StaleGeneration } from '../document-store.errors.js';
import type { ReadModelStore } from '../document-store.port.js';
import { ProjectionEventFailed, foldBatch } from './apply-batch.js';
import { DocumentCache } from './document-cache.js';
import { sleep } from '../sleep.js';
import { describeFailure } from '../failure.js';
import { checkpointKeyOf, collectionOf, type AnyProjection } from './projection.js';
import type { ProjectionFailure, ProjectionState } from './projection-status.js';

export interface RunnerOptions {
  batchSize?: number;
  /**
   * Back-off of a failing batch: the first delay (doubling up to `maxDelayMs`).
   * An error in the projection's own code on one event (or an event that cannot
   * be read) stops the projection as failed after `attempts`; any other error
   * (disk full, busy, I/O, lost connection) is retried for as long as it lasts.
   */
  retry?: { attempts: number; baseDelayMs: number; maxDelayMs?: number };
  /** A batch with no event for this projection only moves the checkpoint; under load persist that at most this often. */
  idleCheckpointEveryMs?: number;
  /** When no batch followed for this long, the log is quiet: persist the idle checkpoint now. */
  quietAfterMs?: number;
  /**
   * Event types that erase data (PersonalDataErased): after committing a batch with one, the store makes what
   * it freed unreadable on disk (DocumentStore.forgetFreed), not only unreachable through queries.
   */
  scrubAfter?: readonly string[];
  onProgress?: () => void;
}

/** The projection's own code failed on an event, or the event cannot be read: retrying will not help. */
const isEventFault = (error: unknown) => error instanceof ProjectionEventFailed || error instanceof UnreadableEvent;

/**
 * Runs one projection against the active generation of its read model:
 * subscribes from the stored checkpoint, folds each batch, and commits the
 * documents together with the checkpoint. A crash therefore never applies an
 * event twice or skips one. Storage errors are retried with capped back-off
 * until they pass, and the runner resumes by itself; only an event the
 * projection cannot apply stops it, as failed, naming that event.
 */
export class ProjectionRunner {
  state: ProjectionState = 'starting';
  generation: number | null = null;
  position: Position = START;
  eventsApplied = 0;
  error: ProjectionFailure | null = null;

  private controller = new AbortController();
  private subscriptionController: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private lastPersistedAt = 0;
  /** Documents this runner wrote last; cleared whenever a commit fails or it reloads. */
  private readonly cache = new DocumentCache();
  /** The checkpoint as stored, for the compare-and-set of the next commit. */
  private persisted: Position | null = null;
  /** Commits run one at a time: the batch loop's and the quiet-log flush. */
  private writing: Promise<void> = Promise.resolve();
  private quietTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private readonly batchSize: number;
  private readonly retry: { attempts: number; baseDelayMs: number; maxDelayMs: number };
  private readonly idleCheckpointEveryMs: number;
  private readonly quietAfterMs: number;

  constructor(
    readonly projection: AnyProjection,
    private readonly events: EventStore,
    private readonly store: ReadModelStore,
    private readonly options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.retry = { maxDelayMs: 30_000, ...(options.retry ?? { attempts: 3, baseDelayMs: 200 }) };
    this.idleCheckpointEveryMs = options.idleCheckpointEveryMs ?? 1000;
    this.quietAfterMs = options.quietAfterMs ?? 50;
  }

  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    this.subscriptionController?.abort();
    this.cancelQuietFlush();
    await this.loop;
    await this.writing;
    this.loop = null;
    if (this.state !== 'failed') this.state = 'stopped';
  }

  /** Drops the current subscription and reloads the generation and checkpoint (after a swap). */
  reload(): void {
    this.subscriptionController?.abort();
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    while (!signal.aborted) {
      try {
        const info = await this.store.generations(this.projection.name);
        if (info.active === null)
          throw new Error(
            `Projection ${this.projection.name} has no active generation; the engine creates one before starting it.`,
          );
        this.generation = info.active;
        this.cache.clear();
        this.persisted = await this.store.readCheckpoint(checkpointKeyOf(this.projection, info.active));
        this.position = this.persisted ?? START;
        if (this.state !== 'retrying') this.state = 'catching_up';
        const stale = await this.follow(info.active);
        if (!stale) return;
      } catch (error) {
        this.cancelQuietFlush();
        this.cache.clear();
        // A swap, or another runner of this projection moved on: reload and continue from the store.
        if (error instanceof StaleGeneration || error instanceof CheckpointMoved) continue;
        this.failures += 1;
        if (isEventFault(error) && this.failures >= this.retry.attempts) {
          this.state = 'failed';
          this.error = describeFailure(error, this.failures);
          this.options.onProgress?.();
          return;
        }
        this.state = 'retrying';
        this.error = describeFailure(error, this.failures);
        this.options.onProgress?.();
        await sleep(
          Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** Math.min(this.failures - 1, 20)),
          signal,
        );
      }
    }
  }

  /** Follows the log for one generation; true when it must reload (a swap), false when stopped. */
  private async follow(generation: number): Promise<boolean> {
    this.subscriptionController = new AbortController();
    const signal = AbortSignal.any([this.controller.signal, this.subscriptionController.signal]);
    const collection = collectionOf(this.projection, generation);
    const key = checkpointKeyOf(this.projection, generation);
    const guard = { projection: this.projection.name, generation, mustBeActive: true };
    const commit = (events: Parameters<typeof foldBatch>[3], checkpoint: Position) =>
      this.serially(async () => {
        const writes = await foldBatch(this.store, collection, this.projection, events, this.cache);
        await this.store.commit(writes, { key, position: checkpoint, guard, expected: this.persisted });
        if (this.options.scrubAfter && events.some((event) => this.options.scrubAfter!.includes(event.type)))
          await this.store.forgetFreed?.();
        this.persisted = checkpoint;
        this.lastPersistedAt = Date.now();
      });
    for await (const batch of this.events.subscribe({
      after: this.position,
      filter: { eventTypes: this.projection.eventTypes as readonly string[] },
      batchSize: this.batchSize,
      signal,
    })) {
      this.cancelQuietFlush();
      if (batch.events.length > 0 || Date.now() - this.lastPersistedAt >= this.idleCheckpointEveryMs) {
        await commit(batch.events, batch.checkpoint);
      } else {
        // Nothing of ours in this batch: the checkpoint moves in memory now and on disk once the log is quiet,
        // so a reader in another process never waits on an idle read model.
        this.scheduleQuietFlush(() => commit([], batch.checkpoint));
      }
      this.position = batch.checkpoint;
      this.eventsApplied += batch.events.length;
      this.state = batch.events.length < this.batchSize ? 'live' : 'catching_up';
      if (this.failures > 0) {
        this.failures = 0;
        this.error = null;
      }
      this.options.onProgress?.();
    }
    // The subscription ends when aborted: by stop() (done) or by reload() (look again).
    return !this.controller.signal.aborted;
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.writing.then(work);
    this.writing = next.catch(() => undefined);
    return next.catch((error: unknown) => {
      this.cache.clear();
      throw error;
    });
  }

  private scheduleQuietFlush(flush: () => Promise<void>): void {
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      // A failed flush is harmless: the next batch or quiet spell writes the checkpoint again.
      flush().catch(() => this.reload());
    }, this.quietAfterMs);
    this.quietTimer.unref?.();
  }

  private cancelQuietFlush(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
  }
}
