import { createHash } from 'node:crypto';
import {
  advisoryKey,
  inTransaction,
  migrate,
  openPostgres,
  type PgClient,
  type PgPool,
  type PostgresOptions,
} from '@pi/event-store/postgres';
import type { Position } from '@pi/event-store';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { CheckpointMoved, InvalidQuery, StaleGeneration } from '../document-store.errors.js';
import type {
  CheckpointWrite,
  DocWrite,
  DocumentStore,
  FindQuery,
  GenerationInfo,
  IndexSpec,
  Page,
  ProjectionGenerations,
  Scalar,
  Where,
} from '../document-store.port.js';
import { generationInfoOf } from '../document-store.port.js';
import { READ_MIGRATIONS } from './postgres-read-schema.js';
import { compileFilter, numberExpression, Params, textExpression, valueExpression } from './postgres-where.js';

const COLLECTION = /^[a-z][a-z0-9_-]{0,50}$/;

function tableName(collection: string): string {
  if (!COLLECTION.test(collection)) throw new InvalidQuery(`Not a collection name: ${collection}`);
  return `"rm_${collection}"`;
}

/**
 * The read store on PostgreSQL: one table per collection of (id, JSONB
 * document), expression indexes on the fields the port names and GIN indexes
 * for multikey (array) fields, a batch and its checkpoint in one transaction.
 */
export class PostgresDocumentStore implements DocumentStore, ProjectionGenerations {
  private readonly ddlLock: string;

  private constructor(
    private readonly pool: PgPool,
    schema: string,
  ) {
    this.ddlLock = advisoryKey(`ddl:${schema}`);
  }

  static async open(options: PostgresOptions): Promise<PostgresDocumentStore> {
    const { pool, schema } = await openPostgres(options);
    try {
      await migrate(pool, schema, 'read-store', READ_MIGRATIONS);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresDocumentStore(pool, schema);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async ensureCollection(name: string, indexes: readonly IndexSpec[]): Promise<void> {
    const table = tableName(name);
    // Under one lock: two processes creating the same table at once would otherwise collide.
    await inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [this.ddlLock]);
      await client.query(`CREATE TABLE IF NOT EXISTS ${table} (id text COLLATE "C" PRIMARY KEY, doc jsonb NOT NULL)`);
      for (const index of indexes) {
        const indexName = indexNameOf(name, index);
        if (index.multikey) {
          if (index.fields.length !== 1) throw new InvalidQuery('A multikey index covers exactly one field');
          await client.query(
            `CREATE INDEX IF NOT EXISTS ${indexName} ON ${table} USING gin ((${valueExpression(index.fields[0])}) jsonb_path_ops)`,
          );
        } else {
          await client.query(
            `CREATE INDEX IF NOT EXISTS ${indexName} ON ${table} (${index.fields.map((f) => `(${valueExpression(f)})`).join(', ')})`,
          );
        }
      }
    });
  }

  async dropCollection(name: string): Promise<void> {
    await this.pool.query(`DROP TABLE IF EXISTS ${tableName(name)}`);
  }

  async get<T extends object>(collection: string, id: string): Promise<T | null> {
    const { rows } = await this.pool.query<{ doc: T }>(`SELECT doc FROM ${tableName(collection)} WHERE id = $1`, [id]);
    return rows[0]?.doc ?? null;
  }

  async getMany<T extends object>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    if (ids.length === 0) return found;
    const { rows } = await this.pool.query<{ id: string; doc: T }>(
      `SELECT id, doc FROM ${tableName(collection)} WHERE id = ANY($1)`,
      [ids],
    );
    for (const row of rows) found.set(row.id, row.doc);
    return found;
  }

  async find<T extends object>(collection: string, query: FindQuery): Promise<Page<T>> {
    const params = new Params();
    const clauses = [compileFilter(query.where, query.anyOf, params)];
    const desc = query.sort?.direction === 'desc';
    let order = `id ${desc ? 'DESC' : 'ASC'}`;
    let sortValue = '';
    if (query.sort) {
      const [num, text] = [numberExpression(query.sort.field), textExpression(query.sort.field)];
      // Numbers before text, as SQLite and the in-memory store order them; ties on id.
      order = desc
        ? `${num} DESC NULLS FIRST, ${text} DESC NULLS LAST, id DESC`
        : `${num} ASC NULLS LAST, ${text} ASC NULLS LAST, id ASC`;
      sortValue = `, ${valueExpression(query.sort.field)} AS sort_value`;
      if (query.cursor) clauses.push(afterSorted(query.sort.field, desc, decodeCursor(query.cursor), params));
    } else if (query.cursor) {
      clauses.push(`id ${desc ? '<' : '>'} ${params.add(decodeCursor(query.cursor).id)}`);
    }
    const { rows } = await this.pool.query<{ id: string; doc: T; sort_value?: Scalar }>(
      `SELECT id, doc${sortValue} FROM ${tableName(collection)} WHERE ${clauses.join(' AND ')} ORDER BY ${order} LIMIT ${params.add(query.limit + 1)}`,
      params.values,
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > query.limit && last ? encodeCursor({ value: last.sort_value ?? null, id: last.id }) : null;
    return { items: page.map((row) => row.doc), nextCursor };
  }

  async count(collection: string, where?: Where, anyOf?: readonly Where[]): Promise<number> {
    const params = new Params();
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${tableName(collection)} WHERE ${compileFilter(where, anyOf, params)}`,
      params.values,
    );
    return Number(rows[0].n);
  }

  async commit(writes: readonly DocWrite[], checkpoint?: CheckpointWrite): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      // Read models are rebuilt from the log: their commits need not wait for the disk. A crash can only take
      // back the last batches together with their checkpoints (one transaction), and they are applied again.
      await client.query('SET LOCAL synchronous_commit TO off');
      // The checkpoint first: its row lock orders two writers of one projection.
      if (checkpoint?.guard) await this.checkGuard(client, checkpoint.guard);
      if (checkpoint) await writeCheckpoint(client, checkpoint);
      // The last write of a document wins, as if applied one by one.
      const last = new Map<string, DocWrite>();
      for (const write of writes) last.set(`${write.collection}\u0000${write.id}`, write);
      const byCollection = new Map<string, DocWrite[]>();
      for (const write of last.values())
        byCollection.set(write.collection, [...(byCollection.get(write.collection) ?? []), write]);
      for (const [collection, list] of byCollection) {
        const table = tableName(collection);
        const upserts = list.filter((w) => w.doc !== null);
        const removals = list.filter((w) => w.doc === null).map((w) => w.id);
        if (upserts.length)
          await client.query(
            `INSERT INTO ${table} (id, doc) SELECT * FROM unnest($1::text[], $2::jsonb[])
             ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`,
            [upserts.map((w) => w.id), upserts.map((w) => JSON.stringify(w.doc))],
          );
        if (removals.length) await client.query(`DELETE FROM ${table} WHERE id = ANY($1)`, [removals]);
      }
    });
  }

  private async checkGuard(client: PgClient, guard: NonNullable<CheckpointWrite['guard']>): Promise<void> {
    // FOR SHARE: an activation cannot slip in between this check and the commit.
    const { rows } = await client.query<{ active: number | null }>(
      'SELECT active FROM projection_generations WHERE projection = $1 FOR SHARE',
      [guard.projection],
    );
    const isActive = (rows[0]?.active ?? null) === guard.generation;
    if (isActive !== guard.mustBeActive) throw new StaleGeneration(guard.projection, guard.generation);
  }

  async readCheckpoint(key: string): Promise<Position | null> {
    const { rows } = await this.pool.query<{ position: string }>(
      'SELECT position FROM projection_checkpoints WHERE key = $1',
      [key],
    );
    return rows[0] ? BigInt(rows[0].position) : null;
  }

  async generations(projection: string): Promise<GenerationInfo> {
    const { rows } = await this.pool.query<{ active: number | null; latest: number; active_version: number | null }>(
      'SELECT active, latest, active_version FROM projection_generations WHERE projection = $1',
      [projection],
    );
    const row = rows[0];
    return generationInfoOf(projection, row && { ...row, activeVersion: row.active_version });
  }

  async allocateGeneration(projection: string): Promise<number> {
    const { rows } = await this.pool.query<{ latest: number }>(
      `INSERT INTO projection_generations (projection, active, latest, active_version) VALUES ($1, NULL, 1, NULL)
       ON CONFLICT (projection) DO UPDATE SET latest = projection_generations.latest + 1 RETURNING latest`,
      [projection],
    );
    return rows[0].latest;
  }

  async activateGeneration(
    projection: string,
    generation: number,
    version: number,
    expected: number | null,
  ): Promise<boolean> {
    const result = await this.pool.query(
      'UPDATE projection_generations SET active = $1, active_version = $2 WHERE projection = $3 AND active IS NOT DISTINCT FROM $4',
      [generation, version, projection, expected],
    );
    return result.rowCount === 1;
  }
}

/** Index names are at most 63 bytes: a long one keeps its start and a hash of the whole. */
function indexNameOf(collection: string, index: IndexSpec): string {
  const full = `ix_${collection}_${index.fields.join('_').replaceAll('.', '_')}${index.multikey ? '_gin' : ''}`;
  const name =
    full.length <= 63 ? full : `${full.slice(0, 50)}_${createHash('sha256').update(full).digest('hex').slice(0, 12)}`;
  return `"${name}"`;
}

/** Moves a checkpoint; with `expected`, only from where this writer last saw it (else CheckpointMoved). */
async function writeCheckpoint(client: PgClient, checkpoint: CheckpointWrite): Promise<void> {
  const [key, position] = [checkpoint.key, checkpoint.position.toString()];
  if (checkpoint.expected === undefined) {
    await client.query(
      `INSERT INTO projection_checkpoints (key, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (key) DO UPDATE SET position = excluded.position, updated_at = now()`,
      [key, position],
    );
    return;
  }
  const result =
    checkpoint.expected === null
      ? await client.query(
          'INSERT INTO projection_checkpoints (key, position, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO NOTHING',
          [key, position],
        )
      : await client.query(
          'UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE key = $1 AND position = $3',
          [key, position, checkpoint.expected.toString()],
        );
  if (result.rowCount !== 1) throw new CheckpointMoved(key);
}

/** The keyset condition for the page after a cursor, in the order find() sorts (numbers, then text, then id). */
function afterSorted(field: string, desc: boolean, after: { value: Scalar; id: string }, params: Params): string {
  const [num, text] = [numberExpression(field), textExpression(field)];
  const id = params.add(after.id);
  const value = typeof after.value === 'boolean' ? (after.value ? 1 : 0) : after.value;
  if (typeof value === 'number') {
    const n = params.add(value);
    return desc
      ? `(${num} < ${n} OR (${num} = ${n} AND id < ${id}))`
      : `(${num} > ${n} OR (${num} = ${n} AND id > ${id}) OR ${num} IS NULL)`;
  }
  if (typeof value === 'string') {
    const s = params.add(value);
    return desc
      ? `(${num} IS NOT NULL OR ${text} < ${s} OR (${text} = ${s} AND id < ${id}))`
      : `(${num} IS NULL AND (${text} > ${s} OR (${text} = ${s} AND id > ${id})))`;
  }
  throw new InvalidQuery('The cursor is not one this API handed out; start again without it.');
}
