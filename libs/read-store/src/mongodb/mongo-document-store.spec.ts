import { randomBytes } from 'node:crypto';
import { describeOnServer } from '@pi/event-store/server-testing';
import { MongoClient } from 'mongodb';
import { documentStoreContract } from '../contract/document-store.contract.js';
import { MongoDocumentStore } from './mongo-document-store.js';

// MongoDB cannot run on the machines this is developed on: the GitHub workflow starts a single-node replica set.
describeOnServer('MONGODB_URL', 'document store on MongoDB', (url) =>
  documentStoreContract('mongodb', async () => {
    const database = `contract_${randomBytes(6).toString('hex')}`;
    const store = await MongoDocumentStore.open({ url, database });
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
