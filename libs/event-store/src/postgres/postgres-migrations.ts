import { createHash } from 'node:crypto';
import type { PgPool } from './postgres-connection.js';

/** One step of a component's schema. Steps are applied in order, once, and never edited after release. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Applies the component's migrations that this schema has not seen yet, under
 * an advisory lock: several processes starting at once apply each step exactly
 * once, and a process never starts on a schema older than its code. A schema
 * newer than the code (a rollback of the deployment) is refused.
 */
export async function migrate(pool: PgPool, schema: string, component: string, migrations: readonly Migration[]) {
  const client = await pool.connect();
  const lock = advisoryKey(`migrate:${schema}`);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [lock]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      component text NOT NULL, version integer NOT NULL, description text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (component, version))`);
    const { rows } = await client.query<{ version: number }>(
      'SELECT version FROM schema_migrations WHERE component = $1',
      [component],
    );
    const applied = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...migrations.map((m) => m.version));
    const ahead = [...applied].filter((v) => v > newest);
    if (ahead.length)
      throw new Error(
        `The ${component} schema in "${schema}" is at version ${Math.max(...ahead)}, newer than this build knows (${newest}): run a build at least as new.`,
      );
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (component, version, description) VALUES ($1, $2, $3)', [
          component,
          migration.version,
          migration.description,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [lock]).catch(() => undefined);
    client.release();
  }
}

/** A stable 63-bit key for pg_advisory_lock from a name. */
export function advisoryKey(name: string): string {
  return BigInt.asIntN(64, BigInt(`0x${createHash('sha256').update(name).digest('hex').slice(0, 16)}`)).toString();
}
