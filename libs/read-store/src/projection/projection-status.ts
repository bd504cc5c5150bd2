export type ProjectionState = 'starting' | 'catching_up' | 'live' | 'retrying' | 'failed' | 'stopped';

export interface ProjectionFailure {
  /** Names the event and the error's class, never the event's data. */
  message: string;
  /** The error's class, and its code for storage errors (e.g. `SqliteError SQLITE_FULL`). */
  errorClass: string;
  eventId: string | null;
  eventType: string | null;
  position: string | null;
  attempts: number;
  at: string;
}

export interface ProjectionStatus {
  name: string;
  generation: number | null;
  state: ProjectionState;
  /** Where the runner is: in this process, in the projector (as it last reported), or nowhere. */
  runsIn: 'this-process' | 'projector' | 'nowhere';
  /** When the projector last reported this state (null when the runner is in this process). */
  reportedAt: string | null;
  /** Position of the log up to which this read model is complete. */
  position: string;
  /** null when it could not be measured. */
  lagEvents: number | null;
  lagSeconds: number | null;
  eventsApplied: number;
  error: ProjectionFailure | null;
}
