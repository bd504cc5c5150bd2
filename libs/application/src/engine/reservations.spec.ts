import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holderStreamOf, reservationDecider, ReservationHeld, streams, type ReservationScope } from '@pi/domain';
import { openSqliteDatabase, SqliteEventStore, type SqliteDatabase } from '@pi/event-store/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandExecutor } from './command-executor.js';
import { Reservations } from './reservations.js';

const SCOPES: ReservationScope[] = [
  'slug',
  'staffemail',
  'contactphone',
  'contactemail',
  'patientphone',
  'practiceadmin',
  'operatoremail',
];
let now = new Date('2026-11-30T10:00:00.000Z');
const clock = { now: () => now };
const ours = { practiceId: 'pA', actor: 'a', correlationId: 'c', causationId: 'c' };
const theirs = { practiceId: 'pB', actor: 'b', correlationId: 'c', causationId: 'c' };

describe('reservations', () => {
  let dir: string;
  let db: SqliteDatabase;
  let executor: CommandExecutor;
  let reservations: Reservations;
  beforeEach(() => {
    now = new Date('2026-11-30T10:00:00.000Z');
    dir = mkdtempSync(join(tmpdir(), 'pi-reserve-'));
    db = openSqliteDatabase(join(dir, 'db.sqlite'));
    executor = new CommandExecutor(new SqliteEventStore(db), clock);
    reservations = new Reservations(executor, clock, 'reservation key of this test');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const holder = async (scope: ReservationScope, key: string) =>
    (await executor.load(streams.reservation(scope, key), reservationDecider)).state.holder;
  const refuse = () => Promise.reject(new Error('the owning stream refused'));

  for (const scope of SCOPES) {
    describe(`in the ${scope} scope`, () => {
      it('keeps a key held by an earlier success when a later command naming the same owner fails', async () => {
        await reservations.holding(scope, 'k', 'owner-1', ours, async () => 'recorded');
        // Another practice names our owner id (a link id, a staff id) in a command its own stream refuses.
        await expect(reservations.holding(scope, 'k', 'owner-1', theirs, refuse)).rejects.toThrow('refused');
        expect(await holder(scope, 'k')).toBe('owner-1');
        await expect(reservations.reserve(scope, 'k', 'owner-2', theirs)).rejects.toBeInstanceOf(ReservationHeld);
      });

      it('frees a key whose holder never came into existence (a crash between the two writes) once the grace period has passed', async () => {
        // The process died after reserving: the owner's stream was never written, and no undo ran.
        await reservations.reserve(scope, 'k', 'never-written', ours);
        now = new Date(now.getTime() + 29_000);
        await expect(
          reservations.reserve(scope, 'k', 'owner-2', theirs),
          'still within the grace period',
        ).rejects.toBeInstanceOf(ReservationHeld);
        now = new Date(now.getTime() + 1_000);
        await reservations.reserve(scope, 'k', 'owner-2', theirs);
        expect(await holder(scope, 'k')).toBe('owner-2');
      });

      it('never frees a key whose holder exists, however old', async () => {
        await reservations.reserve(scope, 'k', 'owner-1', ours);
        await new SqliteEventStore(db).append(
          holderStreamOf(scope, 'owner-1'),
          [{ id: `e-${scope}`, type: 'Anything', data: {}, metadata: { ...ours, occurredAt: now.toISOString() } }],
          'no_stream',
        );
        now = new Date(now.getTime() + 86_400_000);
        await expect(reservations.reserve(scope, 'k', 'owner-2', theirs)).rejects.toBeInstanceOf(ReservationHeld);
        expect(await reservations.releaseIfAbandoned(scope, 'k', ours)).toBeNull();
        expect(await holder(scope, 'k')).toBe('owner-1');
      });

      it('lets an operator repair free an abandoned key, once', async () => {
        await reservations.reserve(scope, 'k', 'never-written', ours);
        expect(await reservations.releaseIfAbandoned(scope, 'k', ours), 'within the grace period').toBeNull();
        now = new Date(now.getTime() + 30_000);
        expect(await reservations.releaseIfAbandoned(scope, 'k', ours)).toBe('never-written');
        expect(await holder(scope, 'k')).toBeNull();
        expect(await reservations.releaseIfAbandoned(scope, 'k', ours)).toBeNull();
      });

      it('gives back a key this call took when the owning stream refuses', async () => {
        await expect(reservations.holding(scope, 'k', 'owner-1', ours, refuse)).rejects.toThrow('refused');
        expect(await holder(scope, 'k')).toBeNull();
      });
    });
  }

  describe('keys made from personal data', () => {
    it('are keyed: the stream name is no bare hash of the value, and another key gives another name', () => {
      const key = reservations.personalKey('pA', '+14155550100');
      expect(key.keyed).not.toContain(key.legacy);
      expect(key.keyed).toMatch(/^k[0-9a-f]{40}$/);
      expect(new Reservations(executor, clock, 'another key').personalKey('pA', '+14155550100').keyed).not.toBe(
        key.keyed,
      );
      expect(() => new Reservations(executor, clock).personalKey('pA', 'x')).toThrow(/reservation key/);
    });

    it('adopt the holder of the unkeyed stream a data directory from before has, so no reservation is lost', async () => {
      const key = reservations.personalKey('pA', '+14155550100');
      // Written by a version before keyed hashes: the bare hash names the stream.
      await executor.execute(
        streams.reservation('contactphone', key.legacy),
        reservationDecider,
        { type: 'Reserve', scope: 'contactphone', ownerId: 'old-contact', at: now.toISOString() },
        ours,
      );
      expect(await reservations.holderOf('contactphone', key, ours)).toBe('old-contact');
      await expect(reservations.reserve('contactphone', key, 'new-contact', ours)).rejects.toBeInstanceOf(
        ReservationHeld,
      );
      expect(await holder('contactphone', key.keyed)).toBe('old-contact');
      // The holder gives it up through the keyed stream; then it is free for the next one.
      await reservations.release('contactphone', key, 'old-contact', ours);
      await reservations.reserve('contactphone', key, 'new-contact', ours);
      expect(await holder('contactphone', key.keyed)).toBe('new-contact');
    });
  });
});
