import { randomBytes } from 'node:crypto';
import { describeOnServer } from '@pi/event-store/server-testing';
import { subjectKeysContract } from '@pi/event-store/subject-keys-contract';
import { MongoClient } from 'mongodb';
import { MongoSubjectKeys } from './mongo-subject-keys.js';

// MongoDB cannot run on the machines this is developed on: the GitHub workflow starts a single-node replica set.
describeOnServer('MONGODB_URL', 'subject keys on MongoDB', (url) =>
  subjectKeysContract('mongodb', async () => {
    const database = `keys_${randomBytes(6).toString('hex')}`;
    const store = await MongoSubjectKeys.open(url, database);
    return {
      store,
      dispose: async () => {
        await store.close();
        const client = await new MongoClient(url).connect();
        await client.db(database).dropDatabase();
        await client.close();
      },
    };
  }),
);
