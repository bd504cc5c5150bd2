import { createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { event, eventStoreContract } from '../contract/event-store.contract.js';
import { EventStoreUnavailable } from '../event-store.errors.js';
import { describeOnServer } from '../server.fixture.js';
import { EsdbEventStore } from './esdb-event-store.js';

// KurrentDB/EventStoreDB cannot run on the machines this is developed on: the GitHub workflow starts one.
describeOnServer('EVENTSTORE_URL', 'event store on KurrentDB', (url) =>
  eventStoreContract('kurrentdb', async ({ upcasters }) => {
    const opened: EsdbEventStore[] = [];
    const open = async () => {
      const store = new EsdbEventStore({ url, upcasters });
      opened.push(store);
      return store;
    };
    return {
      store: await open(),
      reopen: open,
      atomicAppendMany: false,
      dispose: async () => {
        for (const store of opened) await store.close();
      },
    };
  }),
);

describe('event store on KurrentDB, against a server that never answers', () => {
  it('fails each call with EventStoreUnavailable after its timeout instead of hanging', async () => {
    // Accepts the connection, then says nothing: what a wedged server or a half-open proxy does.
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const store = new EsdbEventStore({ url: `esdb://127.0.0.1:${port}?tls=false`, timeoutMs: 300 });
    try {
      const started = Date.now();
      await expect(store.append('x-1', [event('Hello')], 'no_stream')).rejects.toBeInstanceOf(EventStoreUnavailable);
      await expect(store.readStream('x-1')).rejects.toBeInstanceOf(EventStoreUnavailable);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      void store.close();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
