import { randomUUID } from 'node:crypto';
import type { ExpectedRevision, NewEvent } from '@pi/event-store';
import type { SqliteEventStore } from '@pi/event-store/sqlite';

/**
 * Benchmark setup only: many appends through the real store issued together,
 * so the store's group commit writes them in one transaction (each in its own
 * savepoint): seeding a million events takes seconds, not minutes.
 */
export async function appendAllAtOnce(
  events: SqliteEventStore,
  appends: readonly { streamId: string; event: NewEvent; expected: ExpectedRevision }[],
): Promise<void> {
  await Promise.all(appends.map(({ streamId, event, expected }) => events.append(streamId, [event], expected)));
}

/**
 * Writes `total` staff events through the real store: each staff member is
 * added, then renamed round after round, interleaved across members, so every
 * batch of a replay touches many different documents (the hard case).
 */
export async function seedStaffEvents(events: SqliteEventStore, total: number, staffCount: number): Promise<void> {
  const practiceId = randomUUID();
  const staffIds = Array.from({ length: staffCount }, () => randomUUID());
  const metadata = {
    practiceId,
    actor: 'bench',
    correlationId: 'bench',
    causationId: 'bench',
    occurredAt: '2026-11-26T10:00:00.000Z',
  };
  let written = 0;
  let round = 0;
  while (written < total) {
    const inRound = Math.min(staffCount, total - written);
    const currentRound = round;
    await appendAllAtOnce(
      events,
      staffIds.slice(0, inRound).map((staffId, i) => ({
        streamId: `staff-${staffId}`,
        expected: currentRound === 0 ? 'no_stream' : currentRound - 1,
        event: {
          id: randomUUID(),
          metadata,
          ...(currentRound === 0
            ? {
                type: 'StaffMemberAdded',
                data: {
                  staffId,
                  practiceId,
                  name: `Staff ${i}`,
                  email: `s${i}@bench.example`,
                  role: 'staff',
                  addedAt: metadata.occurredAt,
                },
              }
            : {
                type: 'StaffMemberRenamed',
                data: { staffId, name: `Staff ${i} r${currentRound}`, renamedAt: metadata.occurredAt },
              }),
        },
      })),
    );
    written += inRound;
    round++;
  }
}
