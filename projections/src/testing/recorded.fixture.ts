import type { RecordedEvent } from '@pi/event-store';

let position = 0n;

/** A recorded event as the runner hands it to a projection, for projection specs. */
export function recorded(type: string, data: object, streamId = 'test-1'): RecordedEvent {
  position += 1n;
  return {
    id: `e${position}`,
    type,
    data,
    schemaVersion: 1,
    metadata: { practiceId: 'p1', actor: 'a', correlationId: 'c', causationId: 'c', occurredAt: '2026-11-26T10:00:00Z' },
    streamId,
    revision: Number(position),
    position,
    recordedAt: '2026-11-26T10:00:00Z',
  };
}
