import { randomUUID } from 'node:crypto';
import type { SqliteEventStore } from '@pi/event-store/sqlite';
import { appendAllAtOnce } from './seed-events.js';

const FIRST = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'William',
  'Elizabeth',
  'David',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'José',
  'Zoë',
  'Ana',
  'Luis',
  'Wei',
  'Fatima',
  'Olga',
  'Noah',
  'Emma',
  'Liam',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernández',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
];

export interface ContactHistory {
  practiceId: string;
  people: { name: string; phone: string }[];
}

/** `count` contacts of one practice (common names, some double-barrelled), appended in batches of 5,000. */
export async function seedContacts(events: SqliteEventStore, count: number): Promise<ContactHistory> {
  const practiceId = randomUUID();
  const people: { name: string; phone: string }[] = [];
  const metadata = {
    practiceId,
    actor: 'bench',
    correlationId: 'bench',
    causationId: 'bench',
    occurredAt: '2026-11-26T10:00:00.000Z',
  };
  for (let start = 0; start < count; start += 5000) {
    const appends = [];
    for (let i = start; i < Math.min(count, start + 5000); i++) {
      const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i % 7 === 0 ? `-${LAST[i % LAST.length]}` : ''}`;
      const phone = `+1415${2000000 + i}`;
      people.push({ name, phone });
      const contactId = randomUUID();
      const data = {
        contactId,
        practiceId,
        name,
        phone: { e164: phone, extension: null, asTyped: phone },
        email: `c${i}@bench.example`,
        tags: [],
        source: 'import',
        createdAt: metadata.occurredAt,
      };
      appends.push({
        streamId: `contact-${contactId}`,
        expected: 'no_stream' as const,
        event: { id: randomUUID(), type: 'ContactCreated', data, metadata },
      });
    }
    await appendAllAtOnce(events, appends);
  }
  return { practiceId, people };
}

/** The queries a practice types: the start of a first and last name, or a phone in one of three formats. */
export function contactQueries({ people }: ContactHistory) {
  const pick = (i: number) => people[(i * 7919) % people.length];
  const nameQuery = (i: number) => {
    const [first, last] = pick(i).name.split(' ');
    return i % 2 ? `${first.slice(0, 3)} ${last.slice(0, 4)}` : last.slice(0, 5);
  };
  const phoneQuery = (i: number) => {
    const digits = pick(i).phone.slice(2);
    return i % 3 === 0
      ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`
      : i % 3 === 1
        ? pick(i).phone
        : digits;
  };
  return { nameQuery, phoneQuery };
}

function percentile(sorted: number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(3));
}

/** p50, p99 and the slowest of a run's timings (milliseconds). */
export function latencies(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: percentile(sorted, 100) };
}

/** Runs `work` and adds its duration to `samples`. */
export async function timed(samples: number[], work: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await work();
  samples.push(performance.now() - started);
}
