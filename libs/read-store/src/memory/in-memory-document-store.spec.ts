import { documentStoreContract } from '../contract/document-store.contract.js';
import { InMemoryDocumentStore } from './in-memory-document-store.js';

// The reference adapter: the same contract as every other.
documentStoreContract('in-memory', async () => ({ store: new InMemoryDocumentStore(), dispose: async () => {} }));
