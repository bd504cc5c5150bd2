import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseFile } from '@pi/application';
import { openSqliteDatabase, SqliteEventStore } from '@pi/event-store/sqlite';
import { type NewEvent } from '@pi/event-store';
import { staffDirectoryProjection, teamsProjection } from '@pi/projections';
import { checkpointKeyOf, collectionOf, rebuildProjection, type Projection } from '@pi/read-store';
import { SqliteDocumentStore } from '@pi/read-store/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const projectorMain = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const STAFF = 2000;
const RENAMES_PER_STAFF = 15;

function meta(practiceId: string) {
  return {
    practiceId,
    actor: 'seed',
    correlationId: 'seed',
    causationId: 'seed',
    occurredAt: '2026-11-26T10:00:00.000Z',
  };
}

/** Staff members, renamed many times, moving in and out of teams: enough events for a replay of some seconds. */
async function seed(events: SqliteEventStore): Promise<void> {
  const practiceId = randomUUID();
  const teamIds = Array.from({ length: 20 }, () => randomUUID());
  for (const teamId of teamIds) {
    await events.append(
      `team-${teamId}`,
      [
        {
          id: randomUUID(),
          type: 'TeamCreated',
          data: { teamId, practiceId, name: `Team ${teamId.slice(0, 4)}`, createdAt: '2026-11-26T10:00:00Z' },
          metadata: meta(practiceId),
        },
      ],
      'no_stream',
    );
  }
  for (let i = 0; i < STAFF; i++) {
    const staffId = randomUUID();
    const teamId = teamIds[i % teamIds.length];
    const batch: NewEvent[] = [
      {
        id: randomUUID(),
        type: 'StaffMemberAdded',
        data: {
          staffId,
          practiceId,
          name: `Staff ${i}`,
          email: `s${i}@x.example`,
          role: 'staff',
          addedAt: '2026-11-26T10:00:00Z',
        },
        metadata: meta(practiceId),
      },
    ];
    for (let r = 0; r < RENAMES_PER_STAFF; r++) {
      batch.push({
        id: randomUUID(),
        type: 'StaffMemberRenamed',
        data: { staffId, name: `Staff ${i} v${r}`, renamedAt: '2026-11-26T10:00:00Z' },
        metadata: meta(practiceId),
      });
    }
    await events.append(`staff-${staffId}`, batch, 'no_stream');
    await events.append(
      `team-${teamId}`,
      [
        {
          id: randomUUID(),
          type: 'TeamMemberAdded',
          data: { teamId, staffId, addedAt: '2026-11-26T10:00:00Z' },
          metadata: meta(practiceId),
        },
      ],
      'any',
    );
  }
}

function startProjector(dataDir: string): ChildProcess {
  return spawn(process.execPath, [projectorMain], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PROJECTION_BATCH_SIZE: '40',
      LOG_LEVEL: 'silent',
      STATUS_EVERY_MS: '60000',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

describe('projector crash safety', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pi-crash-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is killed mid-replay, restarts, and ends with read models equal to a clean rebuild', async () => {
    expect(existsSync(projectorMain), 'run `npm run build` first (npm test does)').toBe(true);
    const db = openSqliteDatabase(databaseFile(dir));
    const events = new SqliteEventStore(db);
    const store = new SqliteDocumentStore(db);
    await seed(events);
    const head = (await events.head())!.position;
    const checkpoint = async (projection: Projection) => {
      const { active } = await store.generations(projection.name);
      return active === null ? null : await store.readCheckpoint(checkpointKeyOf(projection, active));
    };

    // Kill the projector with SIGKILL (no chance to clean up) once it is part-way through.
    const first = startProjector(dir);
    let killedAt: bigint | null = null;
    for (let i = 0; i < 2000 && killedAt === null; i++) {
      const position = await checkpoint(staffDirectoryProjection);
      if (position !== null && position > 0n) {
        first.kill('SIGKILL');
        killedAt = position;
      } else await new Promise((r) => setTimeout(r, 5));
    }
    await exited(first);
    expect(killedAt, 'the projector never committed a batch').not.toBeNull();
    expect(killedAt! < head, 'killed before it finished: the test needs more events to mean anything').toBe(true);

    // Restart it and let it finish.
    const second = startProjector(dir);
    for (let i = 0; i < 3000; i++) {
      const [staff, teams] = [await checkpoint(staffDirectoryProjection), await checkpoint(teamsProjection)];
      if (staff !== null && teams !== null && staff >= head && teams >= head) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    second.kill('SIGTERM');
    await exited(second);

    for (const projection of [staffDirectoryProjection, teamsProjection] as Projection[]) {
      expect(await checkpoint(projection)).toBe(head);
      const { active } = await store.generations(projection.name);
      const survived = await store.find<{ id: string }>(collectionOf(projection, active!), { limit: 100_000 });
      const rebuilt = await rebuildProjection(projection, events, store);
      const clean = await store.find<{ id: string }>(collectionOf(projection, rebuilt.generation), { limit: 100_000 });
      expect(survived.items.length).toBe(projection === staffDirectoryProjection ? STAFF : 20);
      expect(survived.items).toEqual(clean.items);
    }
    db.close();
  });
});
