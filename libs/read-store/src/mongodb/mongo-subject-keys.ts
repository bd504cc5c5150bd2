import type { SubjectKeyRow, SubjectKeyStore, WrappedDataKey } from '@pi/event-store';
import { MongoClient, type Collection } from 'mongodb';

interface KeyDoc {
  _id: string;
  kekId: string | null;
  wrapped: string | null;
  createdAt: Date;
  destroyedAt: Date | null;
}

/**
 * The key table of the kurrent profile: a MongoDB collection beside the read
 * models (the log is in KurrentDB). Writes wait for a majority and the journal,
 * since a key must outlive the event it sealed.
 */
export class MongoSubjectKeys implements SubjectKeyStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly keys: Collection<KeyDoc>,
  ) {}

  static async open(url: string, database: string): Promise<MongoSubjectKeys> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    const keys = client
      .db(database)
      .collection<KeyDoc>('subject_keys', { writeConcern: { w: 'majority', journal: true } });
    await keys.createIndex({ kekId: 1 }, { partialFilterExpression: { wrapped: { $type: 'string' } } });
    return new MongoSubjectKeys(client, keys);
  }

  async get(subjects: readonly string[]): Promise<Map<string, SubjectKeyRow>> {
    const docs = await this.keys.find({ _id: { $in: [...subjects] } }).toArray();
    return new Map(docs.map((doc) => [doc._id, rowOf(doc)]));
  }

  async add(keys: readonly WrappedDataKey[]): Promise<Map<string, SubjectKeyRow>> {
    if (keys.length > 0)
      await this.keys.bulkWrite(
        keys.map((key) => ({
          updateOne: {
            filter: { _id: key.subject },
            update: {
              $setOnInsert: { kekId: key.kekId, wrapped: key.wrapped, createdAt: new Date(), destroyedAt: null },
            },
            upsert: true,
          },
        })),
        { ordered: false },
      );
    return this.get(keys.map((key) => key.subject));
  }

  async destroy(subjects: readonly string[], at: string): Promise<void> {
    if (subjects.length === 0) return;
    await this.keys.bulkWrite(
      subjects.map((subject) => ({
        updateOne: {
          filter: { _id: subject },
          update: [
            {
              $set: {
                kekId: null,
                wrapped: null,
                createdAt: { $ifNull: ['$createdAt', new Date(at)] },
                destroyedAt: { $ifNull: ['$destroyedAt', new Date(at)] },
              },
            },
          ],
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }

  async wrappedByOther(kekId: string, limit: number): Promise<WrappedDataKey[]> {
    const docs = await this.keys
      .find({ wrapped: { $type: 'string' }, kekId: { $ne: kekId } })
      .limit(limit)
      .toArray();
    return docs.map((doc) => ({ subject: doc._id, kekId: doc.kekId!, wrapped: doc.wrapped! }));
  }

  async rewrap(from: WrappedDataKey, to: WrappedDataKey): Promise<boolean> {
    const result = await this.keys.updateOne(
      { _id: from.subject, kekId: from.kekId, wrapped: from.wrapped, destroyedAt: null },
      { $set: { kekId: to.kekId, wrapped: to.wrapped } },
    );
    return result.modifiedCount === 1;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

function rowOf(doc: KeyDoc): SubjectKeyRow {
  return doc.destroyedAt !== null || doc.wrapped === null || doc.kekId === null
    ? { subject: doc._id, destroyedAt: doc.destroyedAt?.toISOString() ?? '' }
    : { subject: doc._id, kekId: doc.kekId, wrapped: doc.wrapped };
}
