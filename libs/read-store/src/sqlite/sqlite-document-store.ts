import type { Position } from '@pi/event-store';
import type BetterSqlite3 from 'better-sqlite3';
type Database = BetterSqlite3.Database;
import { decodeCursor, encodeCursor } from '../cursor.js';
import { CheckpointMoved, InvalidQuery, StaleGeneration } from '../document-store.errors.js';
import type {
  CheckpointWrite,
  DocWrite,
  DocumentStore,
  ProjectionGenerations,
  FindQuery,
  GenerationInfo,
  IndexSpec,
  Page,
  Scalar,
  Where,
} from '../document-store.port.js';
import { generationInfoOf } from '../document-store.port.js';
import { compileFilter, fieldExpression, sqlValue } from './sqlite-where.js';

const COLLECTION = /^[a-z][a-z0-9_-]{0,62}$/;

function tableName(collection: string): string {
  if (!COLLECTION.test(collection)) throw new InvalidQuery(`Not a collection name: ${collection}`);
  return `"rm_${collection}"`;
}

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

interface MultikeyWriter {
  field: string;
  clear: Statement;
  add: Statement;
}

/** The values at a dot path: each element of an array, or the value itself. */
function valuesAt(doc: object, path: string): Scalar[] {
  let value: unknown = doc;
  for (const part of path.split('.'))
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is Scalar => v !== undefined && v !== null && typeof v !== 'object');
}

/** The embedded read store: one table per collection of (id, JSON document), in the same SQLite file as the log. */
export class SqliteDocumentStore implements DocumentStore, ProjectionGenerations {
  private readonly statements = new Map<string, Statement>();
  private readonly commitTx;

  constructor(private readonly db: Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS projection_checkpoints (key TEXT PRIMARY KEY, position TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS projection_generations (
        projection TEXT PRIMARY KEY, active INTEGER, latest INTEGER NOT NULL, active_version INTEGER
      );
    `);
    this.commitTx = db.transaction((writes: readonly DocWrite[], checkpoint?: CheckpointWrite) => {
      if (checkpoint?.guard) this.checkGuard(checkpoint.guard);
      if (checkpoint && checkpoint.expected !== undefined) {
        const current = this.statement('SELECT position FROM projection_checkpoints WHERE key = ?')
          .pluck()
          .get(checkpoint.key) as string | undefined;
        if ((current ?? null) !== (checkpoint.expected === null ? null : checkpoint.expected.toString()))
          throw new CheckpointMoved(checkpoint.key);
      }
      for (const write of writes) {
        const statements = this.writeStatements(write.collection);
        if (write.doc === null) statements.remove.run(write.id);
        else statements.upsert.run(write.id, JSON.stringify(write.doc));
        for (const multikey of statements.multikeys) {
          multikey.clear.run(write.id);
          if (write.doc !== null)
            for (const value of valuesAt(write.doc, multikey.field)) multikey.add.run(sqlValue(value), write.id);
        }
      }
      if (checkpoint) {
        this.statement(
          'INSERT OR REPLACE INTO projection_checkpoints (key, position, updated_at) VALUES (?, ?, ?)',
        ).run(checkpoint.key, checkpoint.position.toString(), new Date().toISOString());
      }
    });
  }

  private readonly writes = new Map<string, { upsert: Statement; remove: Statement; multikeys: MultikeyWriter[] }>();
  /** Multikey side tables per collection, as found in the file (another process may have created them). */
  private readonly multikeyTables = new Map<string, Map<string, string>>();

  private writeStatements(collection: string): { upsert: Statement; remove: Statement; multikeys: MultikeyWriter[] } {
    let statements = this.writes.get(collection);
    if (!statements) {
      const table = tableName(collection);
      statements = {
        // An update in place: index entries change only when an indexed field does.
        upsert: this.db.prepare(
          `INSERT INTO ${table} (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`,
        ),
        remove: this.db.prepare(`DELETE FROM ${table} WHERE id = ?`),
        multikeys: [...this.multikeys(collection)].map(([field, side]) => ({
          field,
          clear: this.db.prepare(`DELETE FROM ${side} WHERE id = ?`),
          add: this.db.prepare(`INSERT OR IGNORE INTO ${side} (value, id) VALUES (?, ?)`),
        })),
      };
      this.writes.set(collection, statements);
    }
    return statements;
  }

  /** field → side table of the collection's multikey indexes. */
  private multikeys(collection: string): Map<string, string> {
    let tables = this.multikeyTables.get(collection);
    if (!tables) {
      tables = new Map();
      const prefix = `rm_${collection}__mk_`;
      const names = this.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, ?) = ?")
        .pluck()
        .all(prefix.length, prefix) as string[];
      for (const name of names) tables.set(name.slice(prefix.length).replaceAll('__', '.'), `"${name}"`);
      this.multikeyTables.set(collection, tables);
    }
    return tables;
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private checkGuard(guard: NonNullable<CheckpointWrite['guard']>): void {
    const active = this.statement('SELECT active FROM projection_generations WHERE projection = ?')
      .pluck()
      .get(guard.projection) as number | null | undefined;
    const isActive = active === guard.generation;
    if (isActive !== guard.mustBeActive) throw new StaleGeneration(guard.projection, guard.generation);
  }

  async ensureCollection(name: string, indexes: readonly IndexSpec[]): Promise<void> {
    const table = tableName(name);
    // A rowid table: documents are a few hundred bytes, too large for WITHOUT ROWID to pay off (measured).
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
    for (const index of indexes) {
      if (index.multikey) {
        this.ensureMultikey(name, index.fields);
        continue;
      }
      const indexName = `"ix_${name}_${index.fields.join('_').replaceAll('.', '_')}"`;
      this.db.exec(
        `CREATE INDEX IF NOT EXISTS ${indexName} ON ${table} (${index.fields.map(fieldExpression).join(', ')})`,
      );
    }
  }

  /**
   * MongoDB indexes each element of an array field; here a side table of
   * (value, id) does, kept in the same transaction as the document, and
   * filled from the documents already there when it is first created.
   */
  private ensureMultikey(collection: string, fields: readonly string[]): void {
    if (fields.length !== 1) throw new InvalidQuery('A multikey index covers exactly one field');
    const field = fields[0];
    fieldExpression(field); // validates the name
    if (this.multikeys(collection).has(field)) return;
    const side = `"rm_${collection}__mk_${field.replaceAll('.', '__')}"`;
    this.db.transaction(() => {
      this.db.exec(`CREATE TABLE ${side} (value, id TEXT NOT NULL, PRIMARY KEY (value, id)) WITHOUT ROWID`);
      this.db.exec(`CREATE INDEX "ix_${collection}__mk_${field.replaceAll('.', '__')}_id" ON ${side} (id)`);
      this.db.exec(
        `INSERT OR IGNORE INTO ${side} (value, id) SELECT each.value, c.id FROM ${tableName(collection)} c, json_each(c.doc, '$.${field}') each`,
      );
    })();
    this.multikeyTables.get(collection)!.set(field, side);
    this.writes.delete(collection);
  }

  async dropCollection(name: string): Promise<void> {
    for (const side of this.multikeys(name).values()) this.db.exec(`DROP TABLE IF EXISTS ${side}`);
    this.multikeyTables.delete(name);
    this.db.exec(`DROP TABLE IF EXISTS ${tableName(name)}`);
    for (const key of [...this.statements.keys()]) if (key.includes(tableName(name))) this.statements.delete(key);
    this.writes.delete(name);
  }

  async get<T extends object>(collection: string, id: string): Promise<T | null> {
    const doc = this.statement(`SELECT doc FROM ${tableName(collection)} WHERE id = ?`)
      .pluck()
      .get(id) as string | undefined;
    return doc === undefined ? null : (JSON.parse(doc) as T);
  }

  async getMany<T extends object>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    if (ids.length === 0) return found;
    const table = tableName(collection);
    // json_each takes the whole id list as one parameter: one prepared statement for any batch size.
    const rows = this.statement(`SELECT id, doc FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(ids),
    ) as {
      id: string;
      doc: string;
    }[];
    for (const row of rows) found.set(row.id, JSON.parse(row.doc) as T);
    return found;
  }

  async find<T extends object>(collection: string, query: FindQuery): Promise<Page<T>> {
    const where = compileFilter(query.where, query.anyOf, this.multikeys(collection));
    const clauses = [where.sql];
    const params = [...where.params];
    const direction = query.sort?.direction === 'desc' ? 'DESC' : 'ASC';
    const comparator = direction === 'DESC' ? '<' : '>';
    const sortExpr = query.sort ? fieldExpression(query.sort.field) : null;
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      if (sortExpr) {
        clauses.push(`(${sortExpr} ${comparator} ? OR (${sortExpr} = ? AND id ${comparator} ?))`);
        params.push(sqlValue(after.value), sqlValue(after.value), after.id);
      } else {
        clauses.push(`id ${comparator} ?`);
        params.push(after.id);
      }
    }
    const order = sortExpr ? `${sortExpr} ${direction}, id ${direction}` : `id ${direction}`;
    const sql = `SELECT id, doc${sortExpr ? `, ${sortExpr} AS sort_value` : ''} FROM ${tableName(collection)} WHERE ${clauses.join(' AND ')} ORDER BY ${order} LIMIT ?`;
    const rows = this.statement(sql).all(...[...params, query.limit + 1]) as {
      id: string;
      doc: string;
      sort_value?: string | number | null;
    }[];
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > query.limit && last ? encodeCursor({ value: last.sort_value ?? null, id: last.id }) : null;
    return { items: page.map((row) => JSON.parse(row.doc) as T), nextCursor };
  }

  async count(
    collection: string,
    where?: Where,
    anyOf?: readonly Where[],
    options: { hint?: string } = {},
  ): Promise<number> {
    const multikeys = this.multikeys(collection);
    const compiled = compileFilter(where, anyOf, multikeys);
    // A multikey field's side table is reached by id: start from the primary key (SQLite guesses the other way).
    const hinted = options.hint !== undefined && multikeys.has(options.hint) && where?.[options.hint] !== undefined;
    const table = tableName(collection);
    const indexedBy = hinted ? ` INDEXED BY "sqlite_autoindex_${table.replaceAll('"', '')}_1"` : '';
    return this.statement(`SELECT COUNT(*) FROM ${table}${indexedBy} WHERE ${compiled.sql}`)
      .pluck()
      .get(...compiled.params) as number;
  }

  async commit(writes: readonly DocWrite[], checkpoint?: CheckpointWrite): Promise<void> {
    this.commitTx.immediate(writes, checkpoint);
  }

  async forgetFreed(): Promise<void> {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async readCheckpoint(key: string): Promise<Position | null> {
    const position = this.statement('SELECT position FROM projection_checkpoints WHERE key = ?').pluck().get(key) as
      string | undefined;
    return position === undefined ? null : BigInt(position);
  }

  async generations(projection: string): Promise<GenerationInfo> {
    const row = this.statement(
      'SELECT active, latest, active_version FROM projection_generations WHERE projection = ?',
    ).get(projection) as { active: number | null; latest: number; active_version: number | null } | undefined;
    return generationInfoOf(projection, row && { ...row, activeVersion: row.active_version });
  }

  async allocateGeneration(projection: string): Promise<number> {
    return this.db
      .transaction(() => {
        this.statement(
          'INSERT OR IGNORE INTO projection_generations (projection, active, latest, active_version) VALUES (?, NULL, 0, NULL)',
        ).run(projection);
        this.statement('UPDATE projection_generations SET latest = latest + 1 WHERE projection = ?').run(projection);
        return this.statement('SELECT latest FROM projection_generations WHERE projection = ?')
          .pluck()
          .get(projection) as number;
      })
      .immediate();
  }

  async activateGeneration(
    projection: string,
    generation: number,
    version: number,
    expected: number | null,
  ): Promise<boolean> {
    const result = this.statement(
      'UPDATE projection_generations SET active = ?, active_version = ? WHERE projection = ? AND active IS ?',
    ).run(generation, version, projection, expected);
    return result.changes === 1;
  }
}
