import type { Position } from '@pi/event-store';
import { MongoClient, MongoServerError, type ClientSession, type Collection, type Db, type Filter } from 'mongodb';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { CheckpointMoved, InvalidQuery, StaleGeneration } from '../document-store.errors.js';
import type {
  CheckpointWrite,
  DocumentStore,
  DocWrite,
  FindQuery,
  GenerationInfo,
  IndexSpec,
  Page,
  ProjectionGenerations,
  Scalar,
  Where,
} from '../document-store.port.js';
import { generationInfoOf } from '../document-store.port.js';
import { toMongoFilter, type StoredDoc } from './mongo-filter.js';

export interface MongoDocumentStoreOptions {
  /** mongodb://host:27017/?replicaSet=rs0 (transactions need a replica set; one node is enough). */
  url: string;
  database: string;
  /** Every operation gives up after this long (default 10 s): never left to hang. */
  timeoutMs?: number;
}

const COLLECTION = /^[a-z][a-z0-9_-]{0,62}$/;
const DUPLICATE_KEY = 11000;

interface CheckpointDoc {
  _id: string;
  position: string;
  updatedAt: Date;
}

interface GenerationDoc {
  _id: string;
  active: number | null;
  latest: number;
  activeVersion: number | null;
  guardedAt?: Date;
}

/**
 * The read store on MongoDB: one collection per read model (`rm_<name>`),
 * documents stored as they are with their id as `_id`, the port's indexes as
 * MongoDB indexes (multikey ones are simply indexes on an array field), a
 * batch and its checkpoint in one transaction, keyset cursors on (sort, _id).
 */
export class MongoDocumentStore implements DocumentStore, ProjectionGenerations {
  private readonly db: Db;

  private constructor(
    private readonly client: MongoClient,
    database: string,
  ) {
    this.db = client.db(database);
  }

  static async open(options: MongoDocumentStoreOptions): Promise<MongoDocumentStore> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const client = new MongoClient(options.url, {
      serverSelectionTimeoutMS: timeoutMs,
      connectTimeoutMS: timeoutMs,
      socketTimeoutMS: timeoutMs * 3,
    });
    await client.connect();
    return new MongoDocumentStore(client, options.database);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private collection(name: string): Collection<StoredDoc> {
    if (!COLLECTION.test(name)) throw new InvalidQuery(`Not a collection name: ${name}`);
    return this.db.collection<StoredDoc>(`rm_${name}`);
  }

  private get checkpoints(): Collection<CheckpointDoc> {
    return this.db.collection<CheckpointDoc>('projection_checkpoints');
  }

  private get generationDocs(): Collection<GenerationDoc> {
    return this.db.collection<GenerationDoc>('projection_generations');
  }

  async ensureCollection(name: string, indexes: readonly IndexSpec[]): Promise<void> {
    const collection = this.collection(name);
    const existing = await this.db.listCollections({ name: collection.collectionName }, { nameOnly: true }).toArray();
    if (existing.length === 0) await this.db.createCollection(collection.collectionName).catch(ignoreExists);
    for (const index of indexes) {
      if (index.multikey && index.fields.length !== 1)
        throw new InvalidQuery('A multikey index covers exactly one field');
      await collection.createIndex(Object.fromEntries(index.fields.map((f) => [f, 1])));
    }
  }

  async dropCollection(name: string): Promise<void> {
    await this.collection(name)
      .drop()
      .catch((error: unknown) => {
        if (!(error instanceof MongoServerError && error.codeName === 'NamespaceNotFound')) throw error;
      });
  }

  async get<T extends object>(collection: string, id: string): Promise<T | null> {
    const found = await this.collection(collection).findOne({ _id: id });
    return found ? stripId<T>(found) : null;
  }

  async getMany<T extends object>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    if (ids.length === 0) return found;
    for (const doc of await this.collection(collection)
      .find({ _id: { $in: [...ids] } })
      .toArray())
      found.set(doc._id, stripId<T>(doc));
    return found;
  }

  async find<T extends object>(collection: string, query: FindQuery): Promise<Page<T>> {
    const filters: Filter<StoredDoc>[] = [toMongoFilter(query.where, query.anyOf)];
    const direction = query.sort?.direction === 'desc' ? -1 : 1;
    const sortField = query.sort?.field;
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      const beyond = direction === 1 ? '$gt' : '$lt';
      filters.push(
        sortField
          ? {
              $or: [
                { [sortField]: { [beyond]: after.value } },
                { [sortField]: after.value, _id: { [beyond]: after.id } },
              ],
            }
          : { _id: { [beyond]: after.id } },
      );
    }
    const docs = await this.collection(collection)
      .find(filters.length === 1 ? filters[0] : { $and: filters })
      .sort(sortField ? { [sortField]: direction, _id: direction } : { _id: direction })
      .limit(query.limit + 1)
      .toArray();
    const page = docs.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor =
      docs.length > query.limit && last
        ? encodeCursor({ value: sortField ? (valueAt(last, sortField) ?? null) : null, id: last._id })
        : null;
    return { items: page.map((doc) => stripId<T>(doc)), nextCursor };
  }

  async count(collection: string, where?: Where, anyOf?: readonly Where[]): Promise<number> {
    return this.collection(collection).countDocuments(toMongoFilter(where, anyOf));
  }

  async commit(writes: readonly DocWrite[], checkpoint?: CheckpointWrite): Promise<void> {
    const session = this.client.startSession();
    try {
      await session.withTransaction(async () => {
        if (checkpoint?.guard) await this.checkGuard(session, checkpoint.guard);
        if (checkpoint) await this.writeCheckpoint(session, checkpoint);
        const byCollection = new Map<string, DocWrite[]>();
        for (const write of writes)
          byCollection.set(write.collection, [...(byCollection.get(write.collection) ?? []), write]);
        for (const [name, list] of byCollection) {
          await this.collection(name).bulkWrite(
            list.map((write) =>
              write.doc === null
                ? { deleteOne: { filter: { _id: write.id } } }
                : {
                    replaceOne: {
                      filter: { _id: write.id },
                      replacement: { ...(write.doc as Record<string, unknown>), _id: write.id },
                      upsert: true,
                    },
                  },
            ),
            { session, ordered: true },
          );
        }
      });
    } finally {
      await session.endSession();
    }
  }

  /** Writes the generation's document, so an activation at the same moment conflicts with this transaction. */
  private async checkGuard(session: ClientSession, guard: NonNullable<CheckpointWrite['guard']>): Promise<void> {
    const doc = await this.generationDocs.findOneAndUpdate(
      { _id: guard.projection },
      { $set: { guardedAt: new Date() } },
      { session, returnDocument: 'after' },
    );
    const isActive = (doc?.active ?? null) === guard.generation;
    if (isActive !== guard.mustBeActive) throw new StaleGeneration(guard.projection, guard.generation);
  }

  private async writeCheckpoint(session: ClientSession, checkpoint: CheckpointWrite): Promise<void> {
    const position = checkpoint.position.toString();
    if (checkpoint.expected === undefined) {
      await this.checkpoints.updateOne(
        { _id: checkpoint.key },
        { $set: { position, updatedAt: new Date() } },
        { session, upsert: true },
      );
      return;
    }
    if (checkpoint.expected === null) {
      try {
        await this.checkpoints.insertOne({ _id: checkpoint.key, position, updatedAt: new Date() }, { session });
      } catch (error) {
        if (error instanceof MongoServerError && error.code === DUPLICATE_KEY)
          throw new CheckpointMoved(checkpoint.key);
        throw error;
      }
      return;
    }
    const moved = await this.checkpoints.updateOne(
      { _id: checkpoint.key, position: checkpoint.expected.toString() },
      { $set: { position, updatedAt: new Date() } },
      { session },
    );
    if (moved.matchedCount !== 1) throw new CheckpointMoved(checkpoint.key);
  }

  async readCheckpoint(key: string): Promise<Position | null> {
    const doc = await this.checkpoints.findOne({ _id: key });
    return doc ? BigInt(doc.position) : null;
  }

  async generations(projection: string): Promise<GenerationInfo> {
    const doc = await this.generationDocs.findOne({ _id: projection });
    return generationInfoOf(projection, doc);
  }

  async allocateGeneration(projection: string): Promise<number> {
    const doc = await this.generationDocs.findOneAndUpdate(
      { _id: projection },
      { $inc: { latest: 1 }, $setOnInsert: { active: null, activeVersion: null } },
      { upsert: true, returnDocument: 'after' },
    );
    return doc!.latest;
  }

  async activateGeneration(
    projection: string,
    generation: number,
    version: number,
    expected: number | null,
  ): Promise<boolean> {
    const result = await this.generationDocs.updateOne(
      { _id: projection, active: expected },
      { $set: { active: generation, activeVersion: version } },
    );
    return result.matchedCount === 1;
  }
}

function stripId<T>(doc: StoredDoc): T {
  const { _id, ...rest } = doc;
  void _id;
  return rest as T;
}

function valueAt(doc: StoredDoc, path: string): Scalar | undefined {
  let value: unknown = doc;
  for (const part of path.split('.')) value = (value as Record<string, unknown> | null | undefined)?.[part];
  return value as Scalar | undefined;
}

function ignoreExists(error: unknown): void {
  if (!(error instanceof MongoServerError && error.codeName === 'NamespaceExists')) throw error;
}
