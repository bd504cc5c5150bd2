import { randomUUID } from 'node:crypto';
import type { SqliteDatabase, SqliteEventStore } from '@pi/event-store';

/**
 * Writes `total` staff events through the real store: each staff member is
 * added, then renamed round after round, interleaved across members, so every
 * batch of a replay touches many different documents (the hard case).
 * Setup only: wraps many appends in one outer transaction to write fast.
 */
export async function seedStaffEvents(db: SqliteDatabase, events: SqliteEventStore, total: number, staffCount: number): Promise<void> {
  const practiceId = randomUUID();
  const staffIds = Array.from({ length: staffCount }, () => randomUUID());
  const metadata = { practiceId, actor: 'bench', correlationId: 'bench', causationId: 'bench', occurredAt: '2026-11-26T10:00:00.000Z' };
  let written = 0;
  let round = 0;
  while (written < total) {
    const inRound = Math.min(staffCount, total - written);
    const currentRound = round;
    db.transaction(() => {
      for (let i = 0; i < inRound; i++) {
        const staffId = staffIds[i]!;
        const event =
          currentRound === 0
            ? { type: 'StaffMemberAdded', data: { staffId, practiceId, name: `Staff ${i}`, email: `s${i}@bench.example`, role: 'staff', addedAt: metadata.occurredAt } }
            : { type: 'StaffMemberRenamed', data: { staffId, name: `Staff ${i} r${currentRound}`, renamedAt: metadata.occurredAt } };
        // append runs synchronously inside the outer transaction (better-sqlite3 nests it as a savepoint).
        void events.append(`staff-${staffId}`, [{ id: randomUUID(), ...event, metadata }], currentRound === 0 ? 'no_stream' : currentRound - 1);
      }
    })();
    written += inRound;
    round++;
  }
}
