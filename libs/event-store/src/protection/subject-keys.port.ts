/**
 * The key table beside the log (never in it): one data key per subject,
 * wrapped by a key-encryption key (KEK) whose id is stored with it. Destroying
 * a subject's key leaves a tombstone, so "erased" and "lost" never look alike.
 */
export interface WrappedDataKey {
  subject: string;
  /** The KEK that wrapped it. */
  kekId: string;
  /** base64 of iv ‖ ciphertext ‖ tag (AES-256-GCM, the subject as associated data). */
  wrapped: string;
}

export interface DestroyedDataKey {
  subject: string;
  destroyedAt: string;
}

export type SubjectKeyRow = WrappedDataKey | DestroyedDataKey;

export function isDestroyed(row: SubjectKeyRow): row is DestroyedDataKey {
  return 'destroyedAt' in row;
}

export interface SubjectKeyStore {
  /** The rows of these subjects that exist (a subject with no row has never had a key). */
  get(subjects: readonly string[]): Promise<Map<string, SubjectKeyRow>>;
  /**
   * Stores keys for subjects that have no row yet, durably, before it answers.
   * A subject that already has one (another process was first, or it was
   * destroyed) keeps it: the answer is every row as stored now.
   */
  add(keys: readonly WrappedDataKey[]): Promise<Map<string, SubjectKeyRow>>;
  /** Overwrites the keys with tombstones (idempotent). Subjects with no row get a tombstone too. */
  destroy(subjects: readonly string[], at: string): Promise<void>;
  /** Up to `limit` keys wrapped by a KEK other than `kekId` (what a re-wrap still has to do). */
  wrappedByOther(kekId: string, limit: number): Promise<WrappedDataKey[]>;
  /** Replaces a wrapped key if it is still `from` (a destroyed key is never brought back). */
  rewrap(from: WrappedDataKey, to: WrappedDataKey): Promise<boolean>;
  close(): Promise<void>;
}
