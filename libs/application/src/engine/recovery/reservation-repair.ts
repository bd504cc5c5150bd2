import { randomUUID } from 'node:crypto';
import type { ReservationScope } from '@pi/domain';
import { START, type EventStore, type Position } from '@pi/event-store';
import type { Reservations } from '../reservations.js';

const SCOPES: readonly ReservationScope[] = [
  'slug',
  'staffemail',
  'contactphone',
  'contactemail',
  'patientphone',
  'practiceadmin',
  'operatoremail',
];

export interface RepairReport {
  /** Reservation streams looked at (every key ever reserved). */
  checked: number;
  /** Those freed because their holder never came into existence within the grace period. */
  released: { scope: ReservationScope; stream: string }[];
}

/**
 * The operators' repair for reservations: walks every reservation stream in
 * the log and frees each key held by an owner that never came into existence
 * (the same rule a new claimant applies by itself; this frees them all at once).
 * Stream names carry hashed keys, or slugs: never personal data.
 */
export class ReservationRepair {
  constructor(
    private readonly events: EventStore,
    private readonly reservations: Reservations,
  ) {}

  async run(options: { dryRun?: boolean } = {}): Promise<RepairReport> {
    const keys = new Map<string, { scope: ReservationScope; key: string }>();
    let after: Position = START;
    for (;;) {
      const page = await this.events.readAll({ after, maxCount: 1000, filter: { streamCategories: [...SCOPES] } });
      for (const event of page) {
        const scope = event.streamId.slice(0, event.streamId.indexOf('-')) as ReservationScope;
        const key = event.streamId.slice(scope.length + 1);
        if (event.type === 'ReservationMade') keys.set(event.streamId, { scope, key });
      }
      if (page.length < 1000) break;
      after = page[page.length - 1].position;
    }
    const id = randomUUID();
    const context = { practiceId: 'platform', actor: 'system:repair', correlationId: id, causationId: id };
    const released: RepairReport['released'] = [];
    for (const [stream, { scope, key }] of keys) {
      const freed = options.dryRun
        ? await this.reservations.abandonedHolder(scope, key)
        : await this.reservations.releaseIfAbandoned(scope, key, context);
      if (freed !== null) released.push({ scope, stream });
    }
    return { checked: keys.size, released };
  }
}
