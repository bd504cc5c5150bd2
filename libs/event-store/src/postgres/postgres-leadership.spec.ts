import pg from 'pg';
import { expect, it } from 'vitest';
import { PostgresLeadership } from './postgres-leadership.js';
import { describeOnPostgres, freshSchema } from './postgres.fixture.js';

describeOnPostgres('leases', (url) => {
  it('grants a lease to one process at a time, and to another once the holder’s connection is gone', async () => {
    const schema = freshSchema('lease');
    const [a, b] = [new PostgresLeadership(url, schema, 200), new PostgresLeadership(url, schema, 200)];
    const held = await a.tryAcquire('background-work');
    expect(held).not.toBeNull();
    expect(await b.tryAcquire('background-work')).toBeNull();
    // Another lease name is another lock.
    const other = await b.tryAcquire('reminders');
    expect(other).not.toBeNull();
    await other!.release();

    // The holder's connection dies (a network cut, a server restart, an operator's kill).
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'patient-invites lease background-work'",
      );
    } finally {
      await admin.end();
    }
    // The holder learns it lost the lease (and stops its work) ...
    const lost = await Promise.race([
      held!.lost.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 5000)),
    ]);
    expect(lost).toBe(true);
    // ... and another process takes it.
    const taken = await b.tryAcquire('background-work');
    expect(taken).not.toBeNull();
    await taken!.release();
    await held!.release();
  });
});
