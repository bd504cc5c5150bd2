import { Logger } from '@nestjs/common';
import type { EventFilter, EventStore, RecordedEvent } from '@pi/event-store';
import { LogProcessor, type DocumentStore } from '@pi/read-store';

/**
 * A process fed by the log whose effects are outside it (delivery, finishing
 * interrupted work): one `LogProcessor` loop, logging what it steps over and
 * what it retries by ids and error classes, never data.
 */
export abstract class Reactor {
  protected readonly logger: Logger;
  private readonly processor: LogProcessor;

  constructor(
    readonly name: string,
    events: EventStore,
    store: DocumentStore,
    options: { checkpoint: string; filter: EventFilter; unreadable: string },
  ) {
    this.logger = new Logger(name);
    this.processor = new LogProcessor(events, store, {
      checkpoint: options.checkpoint,
      filter: options.filter,
      handle: (event, signal) => this.handle(event, signal),
      onUnreadable: (error) =>
        this.logger.error(
          { eventId: error.event.id, type: error.event.type, position: error.event.position.toString() },
          options.unreadable,
        ),
      onRetry: (failure) =>
        this.logger.warn({ errorClass: failure.errorClass, attempts: failure.attempts }, `${name}: retrying`),
    });
  }

  /** The work for one event; throwing retries it (it is never skipped), so it must be idempotent. */
  protected abstract handle(event: RecordedEvent, signal: AbortSignal): Promise<void>;

  /** `retrying`, with the error, while the store or a provider keeps failing. */
  get state() {
    return { state: this.processor.state, error: this.processor.error };
  }

  start(): void {
    this.processor.start();
  }

  stop(): Promise<void> {
    return this.processor.stop();
  }
}

/** The reactors this process runs, for /health (none when another process runs the background work). */
export class ReactorRegistry {
  private reactors: Reactor[] = [];
  /**
   * Whether this process runs the background work: `leader` (it holds the lease), `standby` (another
   * process does; this one takes over if that one dies), `elsewhere` (configured off here: RUN_DELIVERY=false).
   */
  backgroundWork: () => 'leader' | 'standby' | 'stopped' | 'elsewhere' = () => 'elsewhere';

  add(...reactors: Reactor[]): void {
    this.reactors.push(...reactors);
  }

  remove(...reactors: Reactor[]): void {
    this.reactors = this.reactors.filter((r) => !reactors.includes(r));
  }

  statuses(): { name: string; state: string; error: Reactor['state']['error'] }[] {
    return this.reactors.map((reactor) => ({ name: reactor.name, ...reactor.state }));
  }
}
