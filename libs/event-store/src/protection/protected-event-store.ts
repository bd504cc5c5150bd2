import { UnreadableEvent } from '../event-store.errors.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  LogHead,
  NewEvent,
  Position,
  ReadAllOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  SubscriptionBatch,
} from '../event-store.port.js';
import type { DataKeyRing } from './data-key-ring.js';
import type { PersonalDataPolicy, PersonalFields } from './personal-data-policy.js';
import { DataKeyUnavailable } from './protection.errors.js';
import { envelopeOf, openValues, sealValues } from './sealed-values.js';

/**
 * Any event store, with the personal values of events sealed on the way in
 * and opened on the way out (crypto-shredding): each subject's values are
 * encrypted with that subject's data key, and destroying the key erases them
 * from every copy of the log at once, backups included. Ids, types, times,
 * statuses and counts stay readable, so funnels and audits still add up.
 */
export class ProtectedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly keys: DataKeyRing,
    private readonly policy: PersonalDataPolicy,
  ) {}

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.inner.append(streamId, await this.sealed(streamId, events), expected);
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const sealed = await Promise.all(
      appends.map(async (part) => ({ ...part, events: await this.sealed(part.streamId, part.events) })),
    );
    return this.inner.appendMany(sealed);
  }

  /** The events with their personal values sealed under their subjects' keys (the same events when none has any). */
  private async sealed(streamId: string, events: readonly NewEvent[]): Promise<readonly NewEvent[]> {
    const sealing: { index: number; fields: PersonalFields; subject: string }[] = [];
    events.forEach((event, index) => {
      const fields = this.policy.fields[event.type];
      if (fields) sealing.push({ index, fields, subject: fields.subject(event.data as never, streamId) });
    });
    if (sealing.length === 0) return events;
    const keys = await this.keys.forSealing(new Set(sealing.map(({ subject }) => subject)));
    const sealed = [...events];
    for (const { index, fields, subject } of sealing) {
      const event = events[index];
      sealed[index] = { ...event, data: sealValues(event.data, fields.paths, subject, keys.get(subject)!, event.id) };
    }
    return sealed;
  }

  async readStream(streamId: string, options?: { fromRevision?: number; maxCount?: number }) {
    return this.opened(await this.inner.readStream(streamId, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.opened(await this.inner.readAll(options));
  }

  async *subscribe(options?: SubscribeOptions): AsyncIterable<SubscriptionBatch> {
    for await (const batch of this.inner.subscribe(options))
      yield { events: await this.opened(batch.events), checkpoint: batch.checkpoint };
  }

  head(): Promise<LogHead | null> {
    return this.inner.head();
  }

  countAfter(position: Position): Promise<number | null> {
    return this.inner.countAfter(position);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Opens the sealed values of these events; erasures among them take effect first, so no reader sees a value they erased. */
  private async opened(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const subjects = new Set<string>();
    for (const event of events) {
      if (event.type === this.policy.erasure.type) this.keys.forget(this.policy.erasure.subjects(event.data as never));
      const envelope = envelopeOf(event.data);
      if (envelope) subjects.add(envelope.s);
    }
    if (subjects.size === 0) return events;
    const keys = await this.keys.forOpening(subjects);
    return events.map((event) => {
      const envelope = envelopeOf(event.data);
      if (!envelope) return event;
      try {
        return { ...event, data: openValues(event.data, keys.get(envelope.s)!, event.id, this.policy.erasedValue) };
      } catch (error) {
        if (error instanceof DataKeyUnavailable) throw error;
        // Tampered, or sealed for another event: named, never quoted.
        throw new UnreadableEvent(event, error);
      }
    });
  }
}
