/**
 * The documents a projection writer wrote last, so the next batch need not
 * read them back. Only valid while that writer is the only one writing its
 * collection: the runner clears it whenever a commit fails or it reloads.
 * A bounded LRU; `null` means "known not to exist".
 */
export class DocumentCache {
  private readonly entries = new Map<string, object | null>();

  constructor(private readonly capacity = 50_000) {}

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get(id: string): object | null | undefined {
    const doc = this.entries.get(id);
    if (doc !== undefined) {
      this.entries.delete(id);
      this.entries.set(id, doc);
    }
    return doc;
  }

  set(id: string, doc: object | null): void {
    this.entries.delete(id);
    this.entries.set(id, doc);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(): void {
    this.entries.clear();
  }
}
