import type { Position } from '@pi/event-store';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { CheckpointMoved, StaleGeneration } from '../document-store.errors.js';
import type {
  CheckpointWrite,
  DocumentStore,
  ProjectionGenerations,
  DocWrite,
  FindQuery,
  GenerationInfo,
  IndexSpec,
  Page,
  Where,
} from '../document-store.port.js';
import { generationInfoOf } from '../document-store.port.js';
import { compare, matches, valueAt } from './in-memory-where.js';

/**
 * The document store port in memory: the reference adapter the contract suite
 * holds the others to, and a store for tests that need no file. Documents are
 * kept as JSON text, so a reader never holds a writer's object. Queries scan
 * (indexes are accepted and ignored); nothing survives the process.
 */
export class InMemoryDocumentStore implements DocumentStore, ProjectionGenerations {
  private readonly collections = new Map<string, Map<string, string>>();
  private readonly checkpoints = new Map<string, Position>();
  private readonly generationRows = new Map<
    string,
    { active: number | null; latest: number; activeVersion: number | null }
  >();

  private collection(name: string): Map<string, string> {
    let docs = this.collections.get(name);
    if (!docs) this.collections.set(name, (docs = new Map<string, string>()));
    return docs;
  }

  async ensureCollection(name: string, _indexes: readonly IndexSpec[]): Promise<void> {
    this.collection(name);
  }

  async dropCollection(name: string): Promise<void> {
    this.collections.delete(name);
  }

  async get<T extends object>(collection: string, id: string): Promise<T | null> {
    const doc = this.collection(collection).get(id);
    return doc === undefined ? null : (JSON.parse(doc) as T);
  }

  async getMany<T extends object>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    const docs = this.collection(collection);
    for (const id of ids) {
      const doc = docs.get(id);
      if (doc !== undefined) found.set(id, JSON.parse(doc) as T);
    }
    return found;
  }

  async find<T extends object>(collection: string, query: FindQuery): Promise<Page<T>> {
    const field = query.sort?.field;
    const direction = query.sort?.direction === 'desc' ? -1 : 1;
    const keyOf = (id: string, doc: object) => ({ value: field ? valueAt(doc, field) : null, id });
    const order = (a: { value: unknown; id: string }, b: { value: unknown; id: string }) =>
      direction * (compare(a.value, b.value) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = [...this.collection(collection)]
      .map(([id, text]) => ({ id, doc: JSON.parse(text) as T }))
      .filter(({ doc }) => matches(doc, query.where, query.anyOf))
      .map((row) => ({ ...row, key: keyOf(row.id, row.doc) }))
      .filter((row) => after === null || order(row.key, { value: field ? after.value : null, id: after.id }) > 0)
      .sort((a, b) => order(a.key, b.key));
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > query.limit && last
        ? encodeCursor({ value: (last.key.value ?? null) as never, id: last.id })
        : null;
    return { items: page.map((row) => row.doc), nextCursor };
  }

  async count(collection: string, where?: Where, anyOf?: readonly Where[]): Promise<number> {
    let n = 0;
    for (const text of this.collection(collection).values()) if (matches(JSON.parse(text) as object, where, anyOf)) n++;
    return n;
  }

  async commit(writes: readonly DocWrite[], checkpoint?: CheckpointWrite): Promise<void> {
    // Everything is checked before anything is written: all of it or none.
    if (checkpoint?.guard) {
      const { projection, generation, mustBeActive } = checkpoint.guard;
      if ((this.generationRows.get(projection)?.active === generation) !== mustBeActive)
        throw new StaleGeneration(projection, generation);
    }
    if (checkpoint && checkpoint.expected !== undefined) {
      const current = this.checkpoints.get(checkpoint.key) ?? null;
      if (current !== checkpoint.expected) throw new CheckpointMoved(checkpoint.key);
    }
    for (const write of writes) {
      const docs = this.collection(write.collection);
      if (write.doc === null) docs.delete(write.id);
      else docs.set(write.id, JSON.stringify(write.doc));
    }
    if (checkpoint) this.checkpoints.set(checkpoint.key, checkpoint.position);
  }

  async readCheckpoint(key: string): Promise<Position | null> {
    return this.checkpoints.get(key) ?? null;
  }

  async generations(projection: string): Promise<GenerationInfo> {
    const row = this.generationRows.get(projection);
    return generationInfoOf(projection, row);
  }

  async allocateGeneration(projection: string): Promise<number> {
    const row = this.generationRows.get(projection) ?? { active: null, latest: 0, activeVersion: null };
    row.latest += 1;
    this.generationRows.set(projection, row);
    return row.latest;
  }

  async activateGeneration(projection: string, generation: number, version: number, expected: number | null) {
    const row = this.generationRows.get(projection);
    if (!row || row.active !== expected) return false;
    row.active = generation;
    row.activeVersion = version;
    return true;
  }
}
