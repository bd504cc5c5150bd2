import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reservationDecider, ReservationHeld, streams, type ReservationScope } from '@pi/domain';
import { openSqliteDatabase, SqliteEventStore, type SqliteDatabase } from '@pi/event-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandExecutor } from './command-executor.js';
import { Reservations } from './reservations.js';

const SCOPES: ReservationScope[] = ['slug', 'staffemail', 'contactphone', 'contactemail', 'patientphone', 'practiceadmin', 'operatoremail'];
const clock = { now: () => new Date('2026-11-30T10:00:00.000Z') };
const ours = { practiceId: 'pA', actor: 'a', correlationId: 'c', causationId: 'c' };
const theirs = { practiceId: 'pB', actor: 'b', correlationId: 'c', causationId: 'c' };

describe('reservations', () => {
  let dir: string;
  let db: SqliteDatabase;
  let executor: CommandExecutor;
  let reservations: Reservations;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pi-reserve-'));
    db = openSqliteDatabase(join(dir, 'db.sqlite'));
    executor = new CommandExecutor(new SqliteEventStore(db), clock);
    reservations = new Reservations(executor, clock);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const holder = async (scope: ReservationScope, key: string) => (await executor.load(streams.reservation(scope, key), reservationDecider)).state.holder;
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

      it('gives back a key this call took when the owning stream refuses', async () => {
        await expect(reservations.holding(scope, 'k', 'owner-1', ours, refuse)).rejects.toThrow('refused');
        expect(await holder(scope, 'k')).toBeNull();
      });
    });
  }
});
