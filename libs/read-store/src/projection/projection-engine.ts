import { START, type EventStore, type Position } from '@pi/event-store';
import type { DocumentStore, FindQuery, Page } from '../document-store.port.js';
import { checkpointKeyOf, collectionOf, type Projection } from './projection.js';
import { ProjectionRunner, type RunnerOptions } from './projection-runner.js';
import type { ProjectionStatus } from './projection-status.js';
import { rebuildProjection } from './rebuild.js';

export interface EngineOptions extends RunnerOptions {
  /** false: this process only reads the read models (a separate projector runs them). */
  runProjections?: boolean;
  onRebuilt?: (result: { projection: string; generation: number; seconds: number }) => void;
}

/**
 * Owns the projections of a process: creates their first generation, runs
 * them, rebuilds one whose version changed (in the background, swapping when
 * done), reports their status, and answers "has this read model reached
 * position P yet?" for read-your-writes.
 */
export class ProjectionEngine {
  private readonly runners = new Map<string, ProjectionRunner>();
  private readonly projections = new Map<string, Projection>();
  private readonly progressWaiters = new Set<() => void>();
  private readonly background = new Set<Promise<unknown>>();
  private readonly controller = new AbortController();

  constructor(
    private readonly events: EventStore,
    readonly store: DocumentStore,
    projections: readonly Projection[],
    private readonly options: EngineOptions = {},
  ) {
    for (const projection of projections) {
      if (this.projections.has(projection.name)) throw new Error(`Two projections are named ${projection.name}`);
      this.projections.set(projection.name, projection);
    }
  }

  async start(): Promise<void> {
    for (const projection of this.projections.values()) {
      const info = await this.store.generations(projection.name);
      if (info.active === null) {
        const generation = await this.store.allocateGeneration(projection.name);
        await this.store.ensureCollection(collectionOf(projection, generation), projection.indexes);
        await this.store.activateGeneration(projection.name, generation, projection.version, null);
      } else if (this.options.runProjections !== false && info.activeVersion !== projection.version) {
        // The code changed what this read model means: rebuild beside the old copy, which keeps answering.
        this.track(
          rebuildProjection(projection, this.events, this.store, { signal: this.controller.signal }).then((result) => {
            this.options.onRebuilt?.(result);
            this.runners.get(projection.name)?.reload();
          }),
        );
      }
      if (this.options.runProjections === false) continue;
      const runner = new ProjectionRunner(projection, this.events, this.store, { ...this.options, onProgress: () => this.progressed() });
      this.runners.set(projection.name, runner);
      runner.start();
    }
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await Promise.allSettled([...this.background]);
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
    this.progressed();
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch(() => undefined).finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }

  private progressed(): void {
    for (const wake of [...this.progressWaiters]) wake();
  }

  projection(name: string): Projection {
    const projection = this.projections.get(name);
    if (!projection) throw new Error(`Unknown projection ${name}`);
    return projection;
  }

  get names(): string[] {
    return [...this.projections.keys()];
  }

  /** The physical collection queries read: always the active generation. */
  async collection(name: string): Promise<{ collection: string; generation: number }> {
    const info = await this.store.generations(this.projection(name).name);
    if (info.active === null) throw new Error(`Projection ${name} has not been started`);
    return { collection: collectionOf(this.projection(name), info.active), generation: info.active };
  }

  async get<T extends object>(name: string, id: string): Promise<T | null> {
    return this.store.get<T>((await this.collection(name)).collection, id);
  }

  async find<T extends object>(name: string, query: FindQuery): Promise<Page<T>> {
    return this.store.find<T>((await this.collection(name)).collection, query);
  }

  /** How far the active generation of a read model has got. */
  async positionOf(name: string): Promise<Position> {
    const { generation } = await this.collection(name);
    const runner = this.runners.get(name);
    if (runner && runner.generation === generation) return runner.position;
    if (runner && runner.generation !== null && runner.generation !== generation) runner.reload();
    return (await this.store.readCheckpoint(checkpointKeyOf(this.projection(name), generation))) ?? START;
  }

  /** Waits until every named read model has reached `position`; false on timeout. */
  async waitFor(names: readonly string[], position: Position, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let behind = false;
      for (const name of names) if ((await this.positionOf(name)) < position) behind = true;
      if (!behind) return true;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      // Woken by local progress; polls for a projector in another process.
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.progressWaiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(remaining, 25));
        this.progressWaiters.add(wake);
      });
    }
  }

  async statuses(): Promise<ProjectionStatus[]> {
    const head = await this.events.head();
    const statuses: ProjectionStatus[] = [];
    for (const name of this.projections.keys()) {
      const runner = this.runners.get(name);
      const { generation } = await this.collection(name);
      const position = await this.positionOf(name);
      const lagEvents = head && head.position > position ? await this.events.countAfter(position) : 0;
      let lagSeconds: number | null = 0;
      if (head && head.position > position) {
        const [oldestUnread] = await this.events.readAll({ after: position, maxCount: 1 });
        lagSeconds = oldestUnread ? Math.max(0, (Date.now() - Date.parse(oldestUnread.recordedAt)) / 1000) : null;
      }
      statuses.push({
        name,
        generation,
        state: runner?.state ?? 'stopped',
        position: position.toString(),
        lagEvents,
        lagSeconds,
        eventsApplied: runner?.eventsApplied ?? 0,
        error: runner?.error ?? null,
      });
    }
    return statuses;
  }
}
