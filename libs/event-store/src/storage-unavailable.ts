import { EventStoreUnavailable } from './event-store.errors.js';

/** SQLite result codes (and their extended forms) that pass once the disk, the lock or the connection comes back. */
const TRANSIENT_SQLITE = /^SQLITE_(FULL|BUSY|LOCKED|IOERR|CANTOPEN|PROTOCOL|NOLFS)/;
/** Node's system error codes for the same conditions (outbox files, sockets to a store). */
const TRANSIENT_SYSTEM = new Set([
  'ENOSPC',
  'EDQUOT',
  'EIO',
  'EAGAIN',
  'EBUSY',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
]);

/**
 * True for an error that says the storage cannot be used right now (disk full,
 * busy, I/O, lost connection) rather than that the request or the code is wrong:
 * callers retry it, HTTP answers 503 with Retry-After.
 */
export function isStorageUnavailable(error: unknown): boolean {
  if (error instanceof EventStoreUnavailable) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (TRANSIENT_SQLITE.test(code) || TRANSIENT_SYSTEM.has(code));
}
