/** An append carried personal data of a subject whose key was destroyed: nothing was written. */
export class SubjectErased extends Error {
  readonly code = 'subject-erased';
  constructor(readonly subject: string) {
    super(`Subject ${subject} has been erased: no personal data of it can be recorded.`);
    this.name = 'SubjectErased';
  }
}

/**
 * Sealed data whose key is neither in the key table nor destroyed there (the
 * table was lost, or points at another database), or whose key cannot be
 * unwrapped (a KEK missing from the settings). Never read as "erased".
 */
export class DataKeyUnavailable extends Error {
  readonly code = 'data-key-unavailable';
  constructor(
    readonly subject: string,
    reason: 'missing' | 'kek-unknown' | 'unwrap-failed',
    kekId?: string,
  ) {
    super(
      reason === 'missing'
        ? `No data key for ${subject} in the key table, and no record of its erasure: is the key table the one beside this log?`
        : reason === 'kek-unknown'
          ? `The data key of ${subject} is wrapped by key ${kekId ?? '?'}, which is not configured (KEY_ENCRYPTION_KEYS).`
          : `The data key of ${subject} cannot be unwrapped with key ${kekId ?? '?'}: the key-encryption key is wrong.`,
    );
    this.name = 'DataKeyUnavailable';
  }
}
