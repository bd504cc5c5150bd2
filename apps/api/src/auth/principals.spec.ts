import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SqliteEventStore, type SqliteDatabase } from '@pi/event-store/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Principals } from './principals.js';

const meta = {
  practiceId: 'p1',
  actor: 'x',
  correlationId: 'c',
  causationId: 'c',
  occurredAt: '2026-11-30T10:00:00.000Z',
};
const added = (staffId: string) => ({
  id: `added-${staffId}`,
  type: 'StaffMemberAdded',
  data: {
    staffId,
    practiceId: 'p1',
    name: 'N',
    email: `${staffId}@x.example`,
    role: 'admin',
    addedAt: meta.occurredAt,
  },
  metadata: meta,
});

describe('the caller directory', () => {
  let dir: string;
  let db: SqliteDatabase;
  let events: SqliteEventStore;
  let principals: Principals;
  const corrupt = (staffId: string, revision: number) =>
    db
      .prepare(
        'INSERT INTO events (id, stream_id, category, revision, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)',
      )
      .run(
        `broken-${staffId}`,
        `staff-${staffId}`,
        'staff',
        revision,
        'StaffMemberDeactivated',
        '{"staffId":',
        '{}',
        meta.occurredAt,
      );
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pi-principals-'));
    db = openSqliteDatabase(join(dir, 'db.sqlite'));
    events = new SqliteEventStore(db, { pollIntervalMs: 10 });
    principals = new Principals(events);
  });
  afterEach(async () => {
    await principals.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts past an unreadable staff event, refusing only the staff member it belongs to (fail closed)', async () => {
    await events.append('staff-a', [added('a')], 'no_stream');
    corrupt('a', 1);
    await events.append('staff-b', [added('b')], 'no_stream');
    await principals.start();
    expect(principals.staffMember('a')).toMatchObject({ active: false });
    expect(principals.staffMember('b')).toMatchObject({ active: true, role: 'admin' });
  });

  it('follows the log past an unreadable event and keeps following', async () => {
    await events.append('staff-a', [added('a')], 'no_stream');
    await principals.start();
    corrupt('a', 1);
    await events.append('staff-c', [added('c')], 'no_stream');
    for (let i = 0; i < 100 && !principals.staffMember('c'); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(principals.staffMember('c')).toMatchObject({ active: true });
    expect(principals.staffMember('a')).toMatchObject({ active: false });
  });
});
