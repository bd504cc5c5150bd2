import { START, type EventStore, type Position } from '@pi/event-store';
import { CheckpointMoved, StaleGeneration } from '../document-store.errors.js';
import type { DocumentStore } from '../document-store.port.js';
import { ProjectionEventFailed, foldBatch } from './apply-batch.js';
import { DocumentCache } from './document-cache.js';
import { checkpointKeyOf, collectionOf, type Projection } from './projection.js';
import type { ProjectionFailure, ProjectionState } from './projection-status.js';

export interface RunnerOptions {
  batchSize?: number;
  /** Attempts per batch before the projection stops as failed, and the first back-off delay (doubling). */
  retry?: { attempts: number; baseDelayMs: number };
  /** A batch with no event for this projection only moves the checkpoint; persist that at most this often. */
  idleCheckpointEveryMs?: number;
  onProgress?: () => void;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Runs one projection against the active generation of its read model:
 * subscribes from the stored checkpoint, folds each batch, and commits the
 * documents together with the checkpoint. A crash therefore never applies an
 * event twice or skips one. A failing batch is retried with back-off, then the
 * projection stops with a visible error; it never skips an event.
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
  private readonly batchSize: number;
  private readonly retry: { attempts: number; baseDelayMs: number };
  private readonly idleCheckpointEveryMs: number;

  constructor(
    readonly projection: Projection,
    private readonly events: EventStore,
    private readonly store: DocumentStore,
    private readonly options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.retry = options.retry ?? { attempts: 5, baseDelayMs: 200 };
    this.idleCheckpointEveryMs = options.idleCheckpointEveryMs ?? 1000;
  }

  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    this.loop = this.run().catch((error: unknown) => {
      this.fail(error, null, 0);
    });
  }

  async stop(): Promise<void> {
    this.controller.abort();
    this.subscriptionController?.abort();
    await this.loop;
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
      const info = await this.store.generations(this.projection.name);
      if (info.active === null) throw new Error(`Projection ${this.projection.name} has no active generation; the engine creates one before starting it.`);
      this.generation = info.active;
      this.cache.clear();
      this.persisted = await this.store.readCheckpoint(checkpointKeyOf(this.projection, info.active));
      this.position = this.persisted ?? START;
      this.state = 'catching_up';
      const stale = await this.follow(info.active);
      if (!stale) return;
    }
  }

  /** Follows the log for one generation; true when a swap made it stale. */
  private async follow(generation: number): Promise<boolean> {
    this.subscriptionController = new AbortController();
    const signal = AbortSignal.any([this.controller.signal, this.subscriptionController.signal]);
    const collection = collectionOf(this.projection, generation);
    const key = checkpointKeyOf(this.projection, generation);
    const guard = { projection: this.projection.name, generation, mustBeActive: true };
    try {
      for await (const batch of this.events.subscribe({ after: this.position, filter: { eventTypes: this.projection.eventTypes }, batchSize: this.batchSize, signal })) {
        await this.withRetry(batch.events[0]?.id ?? null, async () => {
          if (batch.events.length === 0 && Date.now() - this.lastPersistedAt < this.idleCheckpointEveryMs) return;
          try {
            const writes = await foldBatch(this.store, collection, this.projection, batch.events, this.cache);
            await this.store.commit(writes, { key, position: batch.checkpoint, guard, expected: this.persisted });
          } catch (error) {
            this.cache.clear();
            throw error;
          }
          this.persisted = batch.checkpoint;
          this.lastPersistedAt = Date.now();
        });
        if (signal.aborted && this.state === 'failed') return false;
        this.position = batch.checkpoint;
        this.eventsApplied += batch.events.length;
        this.state = batch.events.length < this.batchSize ? 'live' : 'catching_up';
        this.options.onProgress?.();
      }
      // The subscription ends when aborted: by stop() (done) or by reload() (look again).
      return !this.controller.signal.aborted;
    } catch (error) {
      // A swap, or another runner of this projection moved on: reload and continue from the store.
      if (error instanceof StaleGeneration || error instanceof CheckpointMoved) return true;
      throw error;
    }
  }

  private async withRetry(firstEventId: string | null, work: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await work();
        if (this.state === 'retrying') this.error = null;
        return;
      } catch (error) {
        if (error instanceof StaleGeneration || error instanceof CheckpointMoved) throw error;
        if (attempt >= this.retry.attempts) {
          this.fail(error, firstEventId, attempt);
          this.controller.abort();
          throw new ProjectionStopped(this.projection.name);
        }
        this.state = 'retrying';
        this.error = this.failure(error, firstEventId, attempt);
        await sleep(this.retry.baseDelayMs * 2 ** (attempt - 1), this.controller.signal);
        if (this.controller.signal.aborted) throw new ProjectionStopped(this.projection.name);
      }
    }
  }

  private fail(error: unknown, eventId: string | null, attempts: number): void {
    if (error instanceof ProjectionStopped) return;
    this.state = 'failed';
    this.error = this.failure(error, eventId, attempts);
    this.options.onProgress?.();
  }

  private failure(error: unknown, eventId: string | null, attempts: number): ProjectionFailure {
    const failed = error instanceof ProjectionEventFailed ? error.event : null;
    return {
      message: error instanceof Error ? error.message : String(error),
      eventId: failed?.id ?? eventId,
      eventType: failed?.type ?? null,
      position: failed ? failed.position.toString() : null,
      attempts,
      at: new Date().toISOString(),
    };
  }
}

/** Internal: unwinds the loop once the runner has stopped (failed or asked to). */
class ProjectionStopped extends Error {
  constructor(name: string) {
    super(`Projection ${name} stopped`);
  }
}
