import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smsConsentDecider, streams } from '@pi/domain';
import { openSqliteDatabase, SqliteEventStore, type SqliteDatabase } from '@pi/event-store/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandExecutor } from '../engine/command-executor.js';
import { AddressHashes, addressHashKey } from '../assurance/address-hashes.js';
import { SmsConsent } from './sms-consent.js';

const clock = { now: () => new Date('2026-12-05T10:00:00.000Z') };
const context = { practiceId: 'p1', actor: 'public:sms', correlationId: 'c', causationId: 'c' };
const phone = '+14155550100';

describe('SMS consent streams', () => {
  let dir: string;
  let db: SqliteDatabase;
  let events: SqliteEventStore;
  let executor: CommandExecutor;
  const hashes = new AddressHashes(addressHashKey('the data-keys root of this test'));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pi-consent-'));
    db = openSqliteDatabase(join(dir, 'db.sqlite'));
    events = new SqliteEventStore(db);
    executor = new CommandExecutor(events, clock);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are named by a keyed hash of the number: no bare hash of it, another key another name', async () => {
    await new SmsConsent(executor, clock, hashes).record('p1', phone, 'out', 'STOP', context);
    const [event] = await events.readAll();
    const hash = hashes.phone(phone);
    expect(event.streamId).toBe(`smsconsent-p1_${hash.keyed}`);
    expect(event.streamId).not.toContain(hash.legacy);
    expect(new AddressHashes(addressHashKey('another root')).phone(phone).keyed).not.toBe(hash.keyed);
  });

  it('keep what a stream from before keyed hashes recorded: a STOP written then still holds, and START ends it', async () => {
    // Written by a version before keyed hashes: the bare hash names the stream.
    await executor.execute(
      streams.smsConsent('p1', hashes.phone(phone).legacy),
      smsConsentDecider,
      { type: 'OptOutOfSms', practiceId: 'p1', phone, keyword: 'STOP', at: '2026-11-01T00:00:00.000Z' },
      context,
    );
    const consent = new SmsConsent(executor, clock, hashes);
    expect(await consent.optedOut('p1', phone)).toBe(true);
    await consent.record('p1', phone, 'in', 'START', context);
    expect(await consent.optedOut('p1', phone)).toBe(false);
    const written = (await events.readAll()).map((e) => [e.streamId, e.type]);
    expect(written.at(-1)).toEqual([`smsconsent-p1_${hashes.phone(phone).keyed}`, 'SmsOptedIn']);
  });
});
