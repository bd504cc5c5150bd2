/**
 * Which values of an event are personal data, and whose they are. The domain
 * supplies it; the protected event store (protected-event-store.ts) seals those
 * values with the subject's data key and leaves everything else readable.
 */
export interface PersonalFields {
  /** The subject whose key seals these values (`contact:<id>`, `patient:<id>`, ...). */
  subject(data: never, streamId: string): string;
  /** Dotted paths of the personal values in the event's data (a path that is absent or null is skipped). */
  paths: readonly string[];
}

export interface PersonalDataPolicy {
  /** By event type. */
  fields: Readonly<Record<string, PersonalFields>>;
  /** The event that records an erasure, and the subjects it erased: readers forget those keys at once. */
  erasure: { type: string; subjects(data: never): readonly string[] };
  /** What an erased value reads as. */
  erasedValue: string;
}
