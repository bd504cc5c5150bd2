import { randomBytes } from 'node:crypto';
import { open, seal } from './aes-gcm.js';
import type { KeyEncryptionKeys } from './key-encryption-keys.js';
import { DataKeyUnavailable, SubjectErased } from './protection.errors.js';
import { isDestroyed, type SubjectKeyRow, type SubjectKeyStore, type WrappedDataKey } from './subject-keys.port.js';

/** A subject's data key, or the fact that it was destroyed. */
export type SubjectKey = Buffer | 'destroyed';

interface Cached {
  key: SubjectKey;
  loadedAt: number;
}

export interface DataKeyRingOptions {
  /** How long an unwrapped key is trusted without asking the table again (another process may destroy it). */
  ttlMs?: number;
  /** Most keys kept unwrapped in memory. */
  maxCached?: number;
  now?: () => number;
}

/**
 * The data keys of subjects, unwrapped on demand from the key table and kept
 * for a short while. Erasure destroys the row; `forget` drops the copy here at
 * once, and the time-to-live bounds how long another process may still hold it.
 */
export class DataKeyRing {
  private readonly cache = new Map<string, Cached>();
  private readonly ttlMs: number;
  private readonly maxCached: number;
  private readonly now: () => number;

  constructor(
    private readonly store: SubjectKeyStore,
    private readonly keks: KeyEncryptionKeys,
    options: DataKeyRingOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.maxCached = options.maxCached ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  get currentKekId(): string {
    return this.keks.current.id;
  }

  /** Keys to seal with: a subject with no key gets one (stored before this answers); an erased one throws SubjectErased. */
  async forSealing(subjects: ReadonlySet<string>): Promise<Map<string, Buffer>> {
    const found = await this.lookup(subjects);
    const absent = [...subjects].filter((subject) => !found.has(subject));
    if (absent.length > 0) {
      const fresh = absent.map((subject) => ({ subject, key: randomBytes(32) }));
      const stored = await this.store.add(fresh.map(({ subject, key }) => this.wrap(subject, key)));
      for (const { subject } of fresh) {
        const row = stored.get(subject);
        if (!row) throw new DataKeyUnavailable(subject, 'missing');
        found.set(subject, this.remember(subject, this.unwrap(row)));
      }
    }
    const keys = new Map<string, Buffer>();
    for (const [subject, key] of found) {
      if (key === 'destroyed') throw new SubjectErased(subject);
      keys.set(subject, key);
    }
    return keys;
  }

  /**
   * Keys to seal copies with (read models): a subject with no key gets one, an erased one answers `destroyed`
   * (a copy of its values can only be written as erased). Never throws for an erasure: a read model follows it.
   */
  async forCopying(subjects: ReadonlySet<string>): Promise<Map<string, SubjectKey>> {
    const found = await this.lookup(subjects);
    const absent = new Set([...subjects].filter((subject) => !found.has(subject)));
    if (absent.size > 0) for (const [subject, key] of await this.forSealing(absent)) found.set(subject, key);
    return found;
  }

  /** Keys to open with: a subject with neither key nor tombstone throws DataKeyUnavailable (never read as erased). */
  async forOpening(subjects: ReadonlySet<string>): Promise<Map<string, SubjectKey>> {
    const found = await this.lookup(subjects);
    for (const subject of subjects) if (!found.has(subject)) throw new DataKeyUnavailable(subject, 'missing');
    return found;
  }

  /** Destroys these subjects' keys in the key table (tombstones) and in this process's memory. */
  async destroy(subjects: readonly string[], at: string): Promise<void> {
    await this.store.destroy(subjects, at);
    this.forget(subjects);
  }

  /** Drops these subjects' keys from memory (they were just erased). */
  forget(subjects: Iterable<string>): void {
    for (const subject of subjects) this.cache.set(subject, { key: 'destroyed', loadedAt: this.now() });
  }

  /** Wraps a data key with the current KEK. */
  wrap(subject: string, key: Buffer): WrappedDataKey {
    return {
      subject,
      kekId: this.keks.current.id,
      wrapped: seal(this.keks.current.key, key, subject).toString('base64'),
    };
  }

  unwrap(row: SubjectKeyRow): SubjectKey {
    if (isDestroyed(row)) return 'destroyed';
    const kek = [this.keks.current, ...this.keks.previous].find((candidate) => candidate.id === row.kekId);
    if (!kek) throw new DataKeyUnavailable(row.subject, 'kek-unknown', row.kekId);
    try {
      return open(kek.key, Buffer.from(row.wrapped, 'base64'), row.subject);
    } catch {
      throw new DataKeyUnavailable(row.subject, 'unwrap-failed', row.kekId);
    }
  }

  private async lookup(subjects: ReadonlySet<string>): Promise<Map<string, SubjectKey>> {
    const found = new Map<string, SubjectKey>();
    const missing: string[] = [];
    const now = this.now();
    for (const subject of subjects) {
      const cached = this.cache.get(subject);
      if (cached && now - cached.loadedAt < this.ttlMs) found.set(subject, cached.key);
      else missing.push(subject);
    }
    if (missing.length === 0) return found;
    const rows = await this.store.get(missing);
    for (const [subject, row] of rows) found.set(subject, this.remember(subject, this.unwrap(row)));
    return found;
  }

  private remember(subject: string, key: SubjectKey): SubjectKey {
    this.cache.delete(subject);
    this.cache.set(subject, { key, loadedAt: this.now() });
    if (this.cache.size > this.maxCached) {
      // The oldest entries first (a Map iterates in insertion order).
      const excess = this.cache.size - this.maxCached;
      let dropped = 0;
      for (const subject of this.cache.keys()) {
        if (dropped++ >= excess) break;
        this.cache.delete(subject);
      }
    }
    return key;
  }
}
