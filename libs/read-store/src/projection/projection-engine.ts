import { START, UnreadableEvent, type EventStore, type Position } from '@pi/event-store';
import type { ReadModelStore, FindQuery, Page, Where } from '../document-store.port.js';
import { checkpointKeyOf, collectionOf, type AnyProjection } from './projection.js';
import { ProjectionRunner, type RunnerOptions } from './projection-runner.js';
import type { ProjectionFailure, ProjectionState, ProjectionStatus } from './projection-status.js';
import { rebuildProjection } from './rebuild.js';
import { StatusReports } from './status-reports.js';
import { currentBarrier, ReadModelBehind } from './read-barrier.js';

export interface EngineOptions extends RunnerOptions {
  /** false: this process only reads the read models (a separate projector runs them). */
  runProjections?: boolean;
  onRebuilt?: (result: { projection: string; generation: number; seconds: number }) => void;
  /** A read model's state changed meaningfully (failed, retrying, running again): for the process's log. */
  onStateChange?: (name: string, state: ProjectionState, failure: ProjectionFailure | null) => void;
  /** How often a process that runs projections re-reports their state even when nothing changed. */
  reportEveryMs?: number;
}

/** What makes a state worth reporting: running or not, and which error (not every batch's progress). */
function reportKey(runner: ProjectionRunner): string {
  const running = runner.state === 'live' || runner.state === 'catching_up';
  return `${running ? 'running' : runner.state}|${runner.error?.message ?? ''}|${runner.error?.attempts ?? ''}`;
}

/**
 * Owns the projections of a process: creates their first generation, runs
 * them, rebuilds one whose version changed (in the background, swapping when
 * done), reports their status, and answers "has this read model reached
 * position P yet?" for read-your-writes.
 */
export class ProjectionEngine {
  private readonly runners = new Map<string, ProjectionRunner>();
  private readonly projections = new Map<string, AnyProjection>();
  private readonly progressWaiters = new Set<() => void>();
  private readonly background = new Set<Promise<unknown>>();
  private readonly controller = new AbortController();
  private readonly statusReports: StatusReports;
  private readonly reported = new Map<string, string>();
  private reportTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly events: EventStore,
    readonly store: ReadModelStore,
    projections: readonly AnyProjection[],
    private readonly options: EngineOptions = {},
  ) {
    for (const projection of projections) {
      if (this.projections.has(projection.name)) throw new Error(`Two projections are named ${projection.name}`);
      this.projections.set(projection.name, projection);
    }
    this.statusReports = new StatusReports(store);
  }

  async start(): Promise<void> {
    await this.statusReports.ensure();
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
      const runner: ProjectionRunner = new ProjectionRunner(projection, this.events, this.store, {
        ...this.options,
        onProgress: () => {
          this.progressed();
          this.reportIfChanged(runner);
        },
      });
      this.runners.set(projection.name, runner);
      runner.start();
    }
    if (this.runners.size > 0) {
      void this.report([...this.runners.values()]);
      this.reportTimer = setInterval(
        () => void this.report([...this.runners.values()]),
        this.options.reportEveryMs ?? 10_000,
      );
      this.reportTimer.unref();
    }
  }

  /** Writes a runner's state where other processes read it, when it changed meaningfully (not on every batch). */
  private reportIfChanged(runner: ProjectionRunner): void {
    if (this.reported.get(runner.projection.name) === reportKey(runner)) return;
    this.options.onStateChange?.(runner.projection.name, runner.state, runner.error);
    void this.report([runner]);
  }

  private report(runners: readonly ProjectionRunner[]): Promise<void> {
    for (const runner of runners) this.reported.set(runner.projection.name, reportKey(runner));
    return this.statusReports.write(
      runners.map((runner) => ({
        id: runner.projection.name,
        state: runner.state,
        error: runner.error,
        eventsApplied: runner.eventsApplied,
      })),
    );
  }

  async stop(): Promise<void> {
    if (this.reportTimer) clearInterval(this.reportTimer);
    this.controller.abort();
    await Promise.allSettled([...this.background]);
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
    if (this.runners.size > 0) await this.report([...this.runners.values()]);
    this.progressed();
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch(() => undefined).finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }

  private progressed(): void {
    for (const wake of [...this.progressWaiters]) wake();
  }

  projection(name: string): AnyProjection {
    const projection = this.projections.get(name);
    if (!projection) throw new Error(`Unknown projection ${name}`);
    return projection;
  }

  get names(): string[] {
    return [...this.projections.keys()];
  }

  /**
   * The physical collection queries read: always the active generation. Behind a
   * barrier (`readingAfter`) it waits as the reads below do: whoever reads the
   * store through it directly is as consistent as they are.
   */
  async collection(name: string): Promise<{ collection: string; generation: number }> {
    await this.awaitBarrier(name);
    return this.activeCollection(name);
  }

  private async activeCollection(name: string): Promise<{ collection: string; generation: number }> {
    const info = await this.store.generations(this.projection(name).name);
    if (info.active === null) throw new Error(`Projection ${name} has not been started`);
    return { collection: collectionOf(this.projection(name), info.active), generation: info.active };
  }

  /**
   * The collection a read answers from. Behind a barrier (`readingAfter`), the
   * first read of each read model waits until it has reached the barrier's position.
   */
  private async readable(name: string): Promise<string> {
    return (await this.collection(name)).collection;
  }

  private async awaitBarrier(name: string): Promise<void> {
    const barrier = currentBarrier();
    if (!barrier || barrier.reached.has(name)) return;
    const started = Date.now();
    if (!(await this.waitFor([name], barrier.position, Math.max(0, barrier.deadline - started))))
      throw new ReadModelBehind(name, barrier.position, Math.max(0, barrier.deadline - started));
    barrier.reached.add(name);
  }

  async get<T extends object>(name: string, id: string): Promise<T | null> {
    return this.store.get<T>(await this.readable(name), id);
  }

  async getMany<T extends object>(name: string, ids: readonly string[]): Promise<Map<string, T>> {
    return this.store.getMany<T>(await this.readable(name), ids);
  }

  async find<T extends object>(name: string, query: FindQuery): Promise<Page<T>> {
    return this.store.find<T>(await this.readable(name), query);
  }

  async count(name: string, where?: Where, anyOf?: readonly Where[], options?: { hint?: string }): Promise<number> {
    return this.store.count(await this.readable(name), where, anyOf, options);
  }

  /** How far the active generation of a read model has got. */
  async positionOf(name: string): Promise<Position> {
    const { generation } = await this.activeCollection(name);
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

  /**
   * Every read model's state, wherever it runs: from the runner in this process,
   * or as the projector process last reported it. Never throws because of one
   * event or one read model: what cannot be measured is reported as unknown.
   */
  async statuses(): Promise<ProjectionStatus[]> {
    const head = await this.events.head().catch(() => null);
    const statuses: ProjectionStatus[] = [];
    for (const name of this.projections.keys()) statuses.push(await this.statusOf(name, head?.position ?? null));
    return statuses;
  }

  private async statusOf(name: string, head: Position | null): Promise<ProjectionStatus> {
    const runner = this.runners.get(name);
    const reported = runner ? null : await this.statusReports.read(name);
    const status: ProjectionStatus = {
      name,
      generation: null,
      state: runner?.state ?? reported?.state ?? 'stopped',
      runsIn: runner ? 'this-process' : reported ? 'projector' : 'nowhere',
      reportedAt: runner ? null : (reported?.reportedAt ?? null),
      position: '',
      lagEvents: null,
      lagSeconds: null,
      eventsApplied: runner?.eventsApplied ?? reported?.eventsApplied ?? 0,
      error: runner?.error ?? reported?.error ?? null,
    };
    try {
      status.generation = (await this.activeCollection(name)).generation;
      const position = await this.positionOf(name);
      status.position = position.toString();
      status.lagEvents = head !== null && head > position ? await this.events.countAfter(position) : 0;
      status.lagSeconds = head !== null && head > position ? await this.ageOfFirstEventAfter(position) : 0;
    } catch {
      // Left unknown (null); the state and error above still say what is wrong.
    }
    return status;
  }

  private async ageOfFirstEventAfter(position: Position): Promise<number | null> {
    let recordedAt: string | undefined;
    try {
      recordedAt = (await this.events.readAll({ after: position, maxCount: 1 }))[0]?.recordedAt;
    } catch (error) {
      if (!(error instanceof UnreadableEvent)) throw error;
      recordedAt = error.event.recordedAt;
    }
    return recordedAt ? Math.max(0, (Date.now() - Date.parse(recordedAt)) / 1000) : null;
  }
}
