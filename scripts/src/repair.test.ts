import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { databaseFile } from '@pi/application';
import { openSqliteDatabase, SqliteEventStore } from '@pi/event-store/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../dist/repair.js', import.meta.url));
const meta = {
  practiceId: 'p1',
  actor: 'x',
  correlationId: 'c',
  causationId: 'c',
  occurredAt: '2026-11-30T10:00:00.000Z',
};

describe('npm run repair -- reservations', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pi-repair-'));
    const db = openSqliteDatabase(databaseFile(dataDir));
    const events = new SqliteEventStore(db);
    const reserved = (scope: string, owner: string, at: string) => ({
      id: `${scope}-${owner}`,
      type: 'ReservationMade',
      data: { scope, ownerId: owner, reservedAt: at },
      metadata: meta,
    });
    // A process killed between the reservation and the contact: the phone is held by nobody.
    await events.append(
      'contactphone-aaaa',
      [reserved('contactphone', 'ghost', '2026-11-30T10:00:00.000Z')],
      'no_stream',
    );
    // A holder that exists keeps its key, and a fresh reservation is still within its grace period.
    await events.append(
      'contactphone-bbbb',
      [reserved('contactphone', 'real', '2026-11-30T10:00:00.000Z')],
      'no_stream',
    );
    await events.append(
      'contact-real',
      [{ id: 'c-real', type: 'ContactCreated', data: {}, metadata: meta }],
      'no_stream',
    );
    await events.append('slug-fresh-clinic', [reserved('slug', 'link-soon', new Date().toISOString())], 'no_stream');
    await events.close();
    db.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists in a dry run, then frees only keys held by owners that never came into existence', async () => {
    const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    const dry = JSON.parse((await run(process.execPath, [cli, 'reservations', '--dry-run'], { env })).stdout);
    expect(dry).toEqual({
      checked: 3,
      released: [{ scope: 'contactphone', stream: 'contactphone-aaaa' }],
      dryRun: true,
    });
    const repaired = JSON.parse((await run(process.execPath, [cli, 'reservations'], { env })).stdout);
    expect(repaired).toEqual({ checked: 3, released: [{ scope: 'contactphone', stream: 'contactphone-aaaa' }] });
    const again = JSON.parse((await run(process.execPath, [cli, 'reservations'], { env })).stdout);
    expect(again.released).toEqual([]);
  });
});
