import { Logger } from '@nestjs/common';
import type { ProjectionFailure, ProjectionState } from '@pi/read-store';

const logger = new Logger('ReadModels');

/**
 * What the process's log says when a read model's state changes: a failure
 * names its event (id, type, position) and the error's class, never a value.
 */
export function logReadModelState(name: string, state: ProjectionState, failure: ProjectionFailure | null): void {
  const details = {
    readModel: name,
    state,
    ...(failure
      ? {
          eventId: failure.eventId,
          eventType: failure.eventType,
          position: failure.position,
          errorClass: failure.errorClass,
          attempts: failure.attempts,
        }
      : {}),
  };
  if (state === 'failed') logger.error(details, `read model ${name} stopped: ${failure?.message ?? 'failed'}`);
  else if (state === 'retrying') logger.warn(details, `read model ${name} retrying: ${failure?.message ?? ''}`);
  else if (state === 'live' || state === 'catching_up') logger.debug(details, `read model ${name} running`);
}
