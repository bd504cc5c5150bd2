import { describeOnPostgres, dropSchema, freshSchema } from '@pi/event-store/postgres-testing';
import { documentStoreContract } from '../contract/document-store.contract.js';
import { PostgresDocumentStore } from './postgres-document-store.js';

describeOnPostgres('document store', (url) =>
  documentStoreContract('postgres', async () => {
    const schema = freshSchema('ds');
    const store = await PostgresDocumentStore.open({ url, schema });
    return {
      store,
      dispose: async () => {
        await store.close();
        await dropSchema(url, schema);
      },
    };
  }),
);
