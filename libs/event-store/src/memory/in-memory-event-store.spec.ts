import { eventStoreContract } from '../contract/event-store.contract.js';
import { InMemoryEventStore, InMemoryLog } from './in-memory-event-store.js';

// The reference adapter: the same contract as every other, a "restart" being a new store on the same log.
eventStoreContract('in-memory', async ({ upcasters }) => {
  const log = new InMemoryLog();
  return {
    store: new InMemoryEventStore(log, { upcasters, pollIntervalMs: 50 }),
    reopen: async () => new InMemoryEventStore(log, { upcasters, pollIntervalMs: 50 }),
    dispose: async () => {},
  };
});
