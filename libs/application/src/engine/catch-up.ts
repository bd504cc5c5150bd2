import type { EventStore, Position } from '@pi/event-store';
import type { ProjectionEngine } from '@pi/read-store';

/**
 * Waits until the named read models have applied everything in the log so far,
 * for a command whose rule reads them (e.g. "is this phone already a contact?").
 * Returns the head it waited for.
 */
export async function catchUp(
  events: EventStore,
  readModels: ProjectionEngine,
  names: readonly string[],
  timeoutMs = 5000,
): Promise<Position | null> {
  const head = await events.head();
  if (head) await readModels.waitFor(names, head.position, timeoutMs);
  return head?.position ?? null;
}
