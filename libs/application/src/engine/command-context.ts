/** Who issued a command and in which request: becomes the metadata of every event it records. */
export interface CommandContext {
  practiceId: string;
  /** Staff id of the caller, or `system:<process>`. */
  actor: string;
  correlationId: string;
  causationId: string;
  /**
   * The request's Idempotency-Key (hashed with the caller's practice and route).
   * Recorded with every event the request appends, and the seed of every id it
   * creates (`newId`), so a retry after a crash names the same things and
   * finishes the job instead of doing it twice.
   */
  idempotencyKey?: string;
}
