import { randomUUID } from 'node:crypto';
import type { Lease, Leadership } from '@pi/event-store';
import { MongoClient, MongoServerError, type Collection } from 'mongodb';

interface LeaseDoc {
  _id: string;
  owner: string;
  expiresAt: Date;
}

/**
 * Leases as documents with an owner and an expiry, renewed by their holder
 * (MongoDB has no session locks). A holder that dies stops renewing, and its
 * lease passes to another process once it expires; a holder that cannot
 * renew in time counts its lease as lost and stops its work first.
 */
export class MongoLeadership implements Leadership {
  private readonly owner = randomUUID();

  private constructor(
    private readonly client: MongoClient,
    private readonly leases: Collection<LeaseDoc>,
    private readonly ttlMs: number,
  ) {}

  static async open(url: string, database: string, ttlMs = 10_000): Promise<MongoLeadership> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    return new MongoLeadership(client, client.db(database).collection<LeaseDoc>('leases'), ttlMs);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async claim(name: string): Promise<boolean> {
    const now = new Date();
    try {
      const result = await this.leases.updateOne(
        { _id: name, $or: [{ owner: this.owner }, { expiresAt: { $lt: now } }] },
        { $set: { owner: this.owner, expiresAt: new Date(now.getTime() + this.ttlMs) } },
        { upsert: true },
      );
      return result.matchedCount + result.upsertedCount === 1;
    } catch (error) {
      // Another process holds it: the upsert found no match and collided with its document.
      if (error instanceof MongoServerError && error.code === 11000) return false;
      return false;
    }
  }

  async tryAcquire(name: string): Promise<Lease | null> {
    if (!(await this.claim(name))) return null;
    let settle!: () => void;
    const lost = new Promise<void>((resolve) => (settle = resolve));
    const renew = setInterval(() => {
      void this.claim(name).then((held) => {
        if (!held) settle();
      });
    }, this.ttlMs / 3);
    void lost.then(() => clearInterval(renew));
    return {
      lost,
      release: async () => {
        clearInterval(renew);
        await this.leases.deleteOne({ _id: name, owner: this.owner }).catch(() => undefined);
      },
    };
  }
}
