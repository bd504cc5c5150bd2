/**
 * What a command executor may assume about the states it caches, supplied by
 * the adapter (only it knows): whether another writer has committed since a
 * state was known current, and how to hurry an append others wait on.
 *
 * The default knows nothing: every command re-reads what is new in its stream
 * and the append's expected revision proves the decision was taken on current
 * state (a conflict re-reads and re-decides). That is always correct; a
 * strategy only saves reads.
 */
export interface Freshness {
  /**
   * A value that stays equal while no writer other than this process has
   * committed (null: cannot tell). A state read or written at token T is still
   * current while the token is T.
   */
  changeToken(): number | null;
  /**
   * Called right after an append was issued when other commands queue behind
   * it on the same stream: an adapter that groups concurrent appends into one
   * commit should not hold this one back.
   */
  hurry(): void;
}

/** Verify by expected revision, never skip a read: right for any store several processes write to. */
export const VERIFY_BY_REVISION: Freshness = {
  changeToken: () => null,
  hurry: () => undefined,
};
