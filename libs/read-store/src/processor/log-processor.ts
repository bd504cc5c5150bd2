import {
  START,
  UnreadableEvent,
  type EventFilter,
  type EventStore,
  type Position,
  type RecordedEvent,
} from '@pi/event-store';
import { CheckpointMoved } from '../document-store.errors.js';
import type { DocumentStore } from '../document-store.port.js';
import { describeFailure } from '../failure.js';
import type { ProjectionFailure } from '../projection/projection-status.js';
import { sleep } from '../sleep.js';

export interface LogProcessorOptions {
  /** The checkpoint's key in the document store, e.g. `process:invite-delivery`. */
  checkpoint: string;
  filter: EventFilter;
  /** Does the work for one event. Throwing retries it (with back-off); it is never skipped. */
  handle(event: RecordedEvent, signal: AbortSignal): Promise<void>;
  /** An event whose data cannot be read has no work to give: it is stepped over, and told here. */
  onUnreadable?(error: UnreadableEvent): void;
  /** Told of each failed attempt (class and code only: never log the message, it may quote data). */
  onRetry?(failure: ProjectionFailure): void;
  /** First back-off (doubling) and its cap. */
  retry?: { baseDelayMs: number; maxDelayMs: number };
}

export type LogProcessorState = 'starting' | 'live' | 'retrying' | 'stopped';

/**
 * The loop every reactor fed by the log runs (delivery, unfinished work, and
 * any later one): from its stored checkpoint, batch by batch, each event's work
 * done before the checkpoint moves past it, with capped back-off on any error
 * and a visible state. A crash repeats at most the current batch, so the work
 * must be idempotent (each reactor records what it did before it acts).
 */
export class LogProcessor {
  state: LogProcessorState = 'starting';
  error: ProjectionFailure | null = null;
  position: Position = START;

  private controller = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(
    private readonly events: EventStore,
    private readonly store: DocumentStore,
    private readonly options: LogProcessorOptions,
  ) {}

  start(): void {
    this.controller = new AbortController();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
    this.state = 'stopped';
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    const { baseDelayMs, maxDelayMs } = this.options.retry ?? { baseDelayMs: 500, maxDelayMs: 30_000 };
    let failures = 0;
    while (!signal.aborted) {
      let persisted: Position | null = null;
      try {
        persisted = await this.store.readCheckpoint(this.options.checkpoint);
        this.position = persisted ?? START;
        for await (const batch of this.events.subscribe({
          after: this.position,
          filter: this.options.filter,
          signal,
        })) {
          for (const event of batch.events) {
            await this.options.handle(event, signal);
            if (signal.aborted) return;
          }
          await this.store.commit([], {
            key: this.options.checkpoint,
            position: batch.checkpoint,
            expected: persisted,
          });
          persisted = batch.checkpoint;
          this.position = batch.checkpoint;
          [this.state, this.error, failures] = ['live', null, 0];
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof UnreadableEvent) {
          // Nothing to do from it: step over it, so every other event still gets its work.
          this.options.onUnreadable?.(error);
          await this.store
            .commit([], { key: this.options.checkpoint, position: error.event.position, expected: persisted })
            .catch(() => undefined);
          continue;
        }
        // Another process moved the checkpoint on: reload it at once.
        if (error instanceof CheckpointMoved) continue;
        failures += 1;
        this.state = 'retrying';
        this.error = describeFailure(error, failures);
        this.options.onRetry?.(this.error);
        await sleep(Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failures - 1, 16)), signal);
      }
    }
  }
}
