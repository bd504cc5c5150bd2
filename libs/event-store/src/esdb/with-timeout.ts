import { EventStoreUnavailable } from '../event-store.errors.js';

/**
 * A gRPC call to a server that accepts the connection and never answers
 * hangs forever: every call of a networked adapter goes through this.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EventStoreUnavailable(`${what}: no answer within ${ms} ms.`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
