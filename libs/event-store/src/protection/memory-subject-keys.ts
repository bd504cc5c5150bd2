import { isDestroyed, type SubjectKeyRow, type SubjectKeyStore, type WrappedDataKey } from './subject-keys.port.js';

/** The key table of the in-memory profile and of tests. */
export class InMemorySubjectKeys implements SubjectKeyStore {
  private readonly rows = new Map<string, SubjectKeyRow>();

  async get(subjects: readonly string[]): Promise<Map<string, SubjectKeyRow>> {
    const found = new Map<string, SubjectKeyRow>();
    for (const subject of subjects) {
      const row = this.rows.get(subject);
      if (row) found.set(subject, { ...row });
    }
    return found;
  }

  async add(keys: readonly WrappedDataKey[]): Promise<Map<string, SubjectKeyRow>> {
    for (const key of keys) if (!this.rows.has(key.subject)) this.rows.set(key.subject, { ...key });
    return this.get(keys.map((key) => key.subject));
  }

  async destroy(subjects: readonly string[], at: string): Promise<void> {
    for (const subject of subjects) {
      const row = this.rows.get(subject);
      if (!row || !isDestroyed(row)) this.rows.set(subject, { subject, destroyedAt: at });
    }
  }

  async wrappedByOther(kekId: string, limit: number): Promise<WrappedDataKey[]> {
    const found: WrappedDataKey[] = [];
    for (const row of this.rows.values()) {
      if (found.length >= limit) break;
      if (!isDestroyed(row) && row.kekId !== kekId) found.push({ ...row });
    }
    return found;
  }

  async rewrap(from: WrappedDataKey, to: WrappedDataKey): Promise<boolean> {
    const row = this.rows.get(from.subject);
    if (!row || isDestroyed(row) || row.kekId !== from.kekId || row.wrapped !== from.wrapped) return false;
    this.rows.set(from.subject, { ...to });
    return true;
  }

  async close(): Promise<void> {}
}
