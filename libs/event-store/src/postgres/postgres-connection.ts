import pg from 'pg';
import { EventStoreUnavailable } from '../event-store.errors.js';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

export interface PostgresOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Where this deployment's tables live (default `public`): one schema per deployment, or per test. */
  schema?: string;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
  /** A statement that runs longer is cancelled (default 30 s): never left to hang. */
  statementTimeoutMs?: number;
  /** Connecting fails after this long (default 5 s). */
  connectTimeoutMs?: number;
}

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

/** A pool whose connections all use the deployment's schema; the schema is created if missing. */
export async function openPostgres(options: PostgresOptions): Promise<{ pool: PgPool; schema: string }> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA.test(schema)) throw new Error(`PostgreSQL schema "${schema}": use lower-case letters, digits and _.`);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    options: `-c search_path=${schema}`,
    application_name: 'patient-invites',
  });
  // An idle connection the server dropped is replaced by the pool; the error must not crash the process.
  pool.on('error', () => undefined);
  try {
    // IF NOT EXISTS is not safe against another process creating it at the same moment: that one wins, fine.
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch((error: unknown) => {
      const code = (error as { code?: string }).code;
      if (code !== '23505' && code !== '42P06') throw error;
    });
  } catch (error) {
    await pool.end();
    throw new EventStoreUnavailable(`PostgreSQL cannot be reached: ${describeError(error)}.`, { cause: error });
  }
  return { pool, schema };
}

/** An error's class and code, never its text (which may quote the values of a statement). */
export function describeError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return `${error instanceof Error ? error.name : 'error'}${typeof code === 'string' ? ` ${code}` : ''}`;
}

/** Runs `work` in one transaction on one connection of the pool. */
export async function inTransaction<T>(pool: PgPool, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
