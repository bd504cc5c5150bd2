import { UnreadableEvent } from './event-store.errors.js';
import type { EventMetadata, ExpectedRevision, RecordedEvent } from './event-store.port.js';
import type { UpcasterRegistry } from './upcasters.js';

/** An event as a table-based adapter stores it: data and metadata as JSON text. */
export interface StoredEventRow {
  position: number | bigint | string;
  id: string;
  stream_id: string;
  revision: number | bigint | string;
  type: string;
  schema_version: number | bigint | string;
  data: string;
  metadata: string;
  recorded_at: string;
}

export const STORED_EVENT_COLUMNS =
  'position, id, stream_id, revision, type, schema_version, data, metadata, recorded_at';

/** Parses and upcasts a stored row; a row that cannot be read throws UnreadableEvent, which names it but never quotes it. */
export function decodeStoredEvent(row: StoredEventRow, upcasters: UpcasterRegistry): RecordedEvent {
  let read: { schemaVersion: number; data: unknown; metadata: EventMetadata };
  try {
    const { schemaVersion, data } = upcasters.upcast(row.type, Number(row.schema_version), JSON.parse(row.data));
    read = { schemaVersion: Number(schemaVersion), data, metadata: JSON.parse(row.metadata) as EventMetadata };
  } catch (error) {
    // The parser's message quotes the text it choked on: keep it out of every error, log and status.
    throw new UnreadableEvent(
      {
        id: row.id,
        type: row.type,
        streamId: row.stream_id,
        position: BigInt(row.position),
        recordedAt: row.recorded_at,
      },
      error,
    );
  }
  return {
    id: row.id,
    type: row.type,
    data: read.data,
    schemaVersion: read.schemaVersion,
    metadata: read.metadata,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: BigInt(row.position),
    recordedAt: row.recorded_at,
  };
}

/**
 * The events of these rows up to the first one that cannot be read: a reader
 * gets everything before it, and the error (UnreadableEvent) once it is next.
 */
export function decodeReadable(
  rows: readonly StoredEventRow[],
  upcasters: UpcasterRegistry,
): { events: RecordedEvent[]; complete: boolean } {
  const events: RecordedEvent[] = [];
  for (const row of rows) {
    try {
      events.push(decodeStoredEvent(row, upcasters));
    } catch (error) {
      if (events.length === 0) throw error;
      return { events, complete: false };
    }
  }
  return { events, complete: true };
}

export function revisionMatches(expected: ExpectedRevision, current: number | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === null;
  return current === expected;
}
