import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

/**
 * The PostgreSQL the tests run against: DATABASE_URL (`.ci/run` starts a
 * throw-away cluster and sets it). Without it, suites skip and say why; in
 * CI a missing DATABASE_URL fails instead, so the profile is never silently untested.
 */
export function testDatabaseUrl(): string | null {
  return process.env.DATABASE_URL?.trim() || null;
}

const WHY = 'DATABASE_URL is not set: start one with `export DATABASE_URL=$(bash .ci/postgres)`';

/** `describe` when PostgreSQL is there; a visible skip (or, in CI, a failure) when it is not. */
export function describeOnPostgres(name: string, suite: (url: string) => void): void {
  const url = testDatabaseUrl();
  if (url) {
    describe(`${name} (PostgreSQL)`, () => suite(url));
    return;
  }
  if (process.env.CI) {
    describe(`${name} (PostgreSQL)`, () => {
      throw new Error(`${WHY}. CI must run the PostgreSQL suites.`);
    });
    return;
  }
  process.stderr.write(`skipping "${name}" on PostgreSQL: ${WHY}.\n`);
  describe.skip(`${name} (PostgreSQL) — skipped: ${WHY}`, () => suite(''));
}

/** A fresh schema name: each test's tables apart from every other's, on one server. */
export function freshSchema(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
