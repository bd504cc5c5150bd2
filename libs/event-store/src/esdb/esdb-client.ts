/**
 * The one file that knows which KurrentDB/EventStoreDB client is used. The
 * design card names @eventstore/db-client; its successor @kurrent/kurrentdb-client
 * has the same shape, so switching is a change of this import.
 */
export {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient as KurrentClient,
  eventTypeFilter,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START as LOG_START,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
export type {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  Filter,
  Position as KurrentPosition,
  ResolvedEvent,
} from '@eventstore/db-client';
