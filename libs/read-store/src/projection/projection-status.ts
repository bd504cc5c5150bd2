export type ProjectionState = 'starting' | 'catching_up' | 'live' | 'retrying' | 'failed' | 'stopped';

export interface ProjectionFailure {
  message: string;
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
  /** Position of the log up to which this read model is complete. */
  position: string;
  lagEvents: number | null;
  lagSeconds: number | null;
  eventsApplied: number;
  error: ProjectionFailure | null;
}
