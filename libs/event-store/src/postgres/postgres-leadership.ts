import pg from 'pg';
import type { Lease, Leadership } from '../leadership.js';
import { advisoryKey } from './postgres-migrations.js';

/**
 * Leases as session-level advisory locks, each on its own connection: the
 * server lets go of the lock the moment that connection ends, so a process
 * that dies (or loses the database) loses its lease and another takes it.
 * The holder checks its connection every few seconds, and stops its work
 * when the check fails rather than run on beside a new leader.
 */
export class PostgresLeadership implements Leadership {
  constructor(
    private readonly url: string,
    private readonly schema: string,
    private readonly checkEveryMs = 2000,
  ) {}

  async tryAcquire(name: string): Promise<Lease | null> {
    const client = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: 5000,
      keepAlive: true,
      statement_timeout: 5000,
      application_name: `patient-invites lease ${name}`,
    });
    let settle!: () => void;
    const lost = new Promise<void>((resolve) => (settle = resolve));
    client.on('error', () => settle());
    client.on('end', () => settle());
    try {
      await client.connect();
      const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1) AS held', [
        advisoryKey(`lease:${this.schema}:${name}`),
      ]);
      if (!rows[0].held) {
        await client.end();
        return null;
      }
    } catch {
      await client.end().catch(() => undefined);
      return null;
    }
    const check = setInterval(() => {
      client.query('SELECT 1').catch(() => {
        settle();
        void client.end().catch(() => undefined);
      });
    }, this.checkEveryMs);
    void lost.then(() => clearInterval(check));
    return {
      lost,
      release: async () => {
        clearInterval(check);
        await client.end().catch(() => undefined);
      },
    };
  }
}
