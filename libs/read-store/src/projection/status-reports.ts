import type { DocumentStore } from '../document-store.port.js';
import type { ProjectionFailure, ProjectionState } from './projection-status.js';

export const STATUS_COLLECTION = 'projection-status';

export interface StatusReport {
  id: string;
  state: ProjectionState;
  error: ProjectionFailure | null;
  eventsApplied: number;
  reportedAt: string;
}

/**
 * Where the process that runs the projections writes their state, so an API
 * that only reads them (RUN_PROJECTIONS=false) shows every read model's state
 * in its /health and /metrics. Positions need no report: checkpoints are stored.
 */
export class StatusReports {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly store: DocumentStore) {}

  ensure(): Promise<void> {
    return this.store.ensureCollection(STATUS_COLLECTION, []);
  }

  async read(name: string): Promise<StatusReport | null> {
    return this.store.get<StatusReport>(STATUS_COLLECTION, name).catch(() => null);
  }

  /** Best effort, one write at a time: a full disk must not stop a projection from reporting later. */
  write(reports: readonly Omit<StatusReport, 'reportedAt'>[]): Promise<void> {
    const reportedAt = new Date().toISOString();
    this.writing = this.writing
      .then(() =>
        this.store.commit(
          reports.map((report) => ({ collection: STATUS_COLLECTION, id: report.id, doc: { ...report, reportedAt } })),
        ),
      )
      .catch(() => undefined);
    return this.writing;
  }
}
