/**
 * Events are never rewritten. When an event's data changes shape, its writers
 * move to the next schema version and an upcaster turns the stored older
 * versions into the current one on read.
 */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: unknown): unknown;
}

export class UpcasterRegistry {
  private readonly byType = new Map<string, Map<number, Upcaster>>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  register(upcaster: Upcaster): this {
    const versions = this.byType.get(upcaster.type) ?? new Map<number, Upcaster>();
    if (versions.has(upcaster.fromVersion))
      throw new Error(`Two upcasters for ${upcaster.type} v${upcaster.fromVersion}`);
    versions.set(upcaster.fromVersion, upcaster);
    this.byType.set(upcaster.type, versions);
    return this;
  }

  /** Applies v(n)→v(n+1) upcasters until none is left for the version reached. */
  upcast(type: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
    const versions = this.byType.get(type);
    if (!versions) return { schemaVersion, data };
    let version = schemaVersion;
    let current = data;
    for (let step = versions.get(version); step; step = versions.get(version)) {
      current = step.upcast(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}
