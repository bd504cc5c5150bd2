/**
 * Work that must run in exactly one process at a time (delivery, expiry,
 * reminders) runs while this process holds a lease. A lease ends when it is
 * released or when its holder dies; another process then takes it.
 */
export interface Lease {
  /** Settles when the lease is lost (the connection that held it is gone): stop the work at once. */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

export interface Leadership {
  /** The lease when no other process holds it, else null (try again later). */
  tryAcquire(name: string): Promise<Lease | null>;
}

/** One process, or a deployment where configuration decides who runs the work: always granted, never lost. */
export const SOLE_PROCESS: Leadership = {
  tryAcquire: async () => ({ lost: new Promise<void>(() => undefined), release: async () => undefined }),
};
