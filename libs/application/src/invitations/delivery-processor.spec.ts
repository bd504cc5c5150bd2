import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invitationDecider, streams, type InvitationCommand } from '@pi/domain';
import { openSqliteDatabase, SqliteEventStore, type SqliteDatabase } from '@pi/event-store/sqlite';
import { DeliveryError, type OutgoingEmail, type OutgoingSms } from '@pi/notify';
import { SqliteDocumentStore } from '@pi/read-store/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandExecutor } from '../engine/command-executor.js';
import type { Senders } from '../runtime/senders.js';
import { DeliveryProcessor } from './delivery-processor.js';
import { InviteTokens } from './invite-tokens.js';

const clock = { now: () => new Date('2026-11-26T10:00:00.000Z') };
const context = { practiceId: 'p1', actor: 's1', correlationId: 'c', causationId: 'c' };

/** Records what was sent; fails the first `failures` SMS with the given error. */
function recordingSenders(failures = 0, error = new DeliveryError('provider busy', true)) {
  const sent: (OutgoingSms | OutgoingEmail)[] = [];
  let toFail = failures;
  const senders: Senders = {
    sms: {
      send: async (sms) => {
        if (toFail-- > 0) throw error;
        sent.push(sms);
        return { providerId: `SM${sent.length}` };
      },
    },
    email: { send: async (email) => (sent.push(email), { providerId: null }) },
  };
  return { sent, senders };
}

describe('delivery processor', () => {
  let dir: string;
  let db: SqliteDatabase;
  let events: SqliteEventStore;
  let executor: CommandExecutor;
  const tokens = new InviteTokens('s'.repeat(48));
  const processors: DeliveryProcessor[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pi-delivery-'));
    db = openSqliteDatabase(join(dir, 'db.sqlite'));
    events = new SqliteEventStore(db, { pollIntervalMs: 20 });
    executor = new CommandExecutor(events, clock);
  });
  afterEach(async () => {
    for (const p of processors.splice(0)) await p.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (command: InvitationCommand) =>
    executor.execute(streams.invitation('i1'), invitationDecider, command, context);
  const send = () =>
    run({
      type: 'SendInvite',
      invitationId: 'i1',
      practiceId: 'p1',
      at: clock.now().toISOString(),
      contactId: 'c1',
      linkId: 'l1',
      recipient: { phone: '+14155550100', email: null },
      smsOptedOut: false,
      customMessage: 'Brown Clinic invites you.',
      template: null,
      senderName: 'Dr. Ada',
      expiryDays: 30,
      linkUrl: 'https://invite.example/brown',
      practiceName: 'Brown Clinic',
      ...tokens.issue(),
    });
  const start = (
    senders: Senders,
    mayText: (practiceId: string, phone: string) => Promise<boolean> = async () => true,
  ) => {
    const processor = new DeliveryProcessor(
      events,
      new SqliteDocumentStore(db),
      executor,
      senders,
      tokens,
      clock,
      { attempts: 3, baseDelayMs: 5 },
      { mayText, mayEmail: async () => true },
    );
    processors.push(processor);
    processor.start();
    return processor;
  };
  async function outcome() {
    for (let i = 0; i < 200; i++) {
      const state = (await executor.load(streams.invitation('i1'), invitationDecider)).state;
      const sms = state.status === 'pending' ? state.deliveries.sms : undefined;
      if (sms && (sms.state === 'delivered' || sms.state === 'failed'))
        return (await events.readStream(streams.invitation('i1'))).map((e) => e.type);
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('no outcome');
  }

  it('records the attempt, sends once with the link and token, and records the delivery', async () => {
    const { sent, senders } = recordingSenders();
    await send();
    start(senders);
    expect(await outcome()).toEqual(['InviteSent', 'InviteDeliveryAttempted', 'InviteDelivered']);
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toMatch(/^Brown Clinic invites you\.\nhttps:\/\/invite\.example\/brown\?i=[A-Za-z0-9_-]{22}$/);
    expect(sent[0].key).toBe('i1-1-sms');
  });

  it('retries a transient failure with back-off, recording each attempt', async () => {
    const { sent, senders } = recordingSenders(2);
    await send();
    start(senders);
    expect(await outcome()).toEqual([
      'InviteSent',
      'InviteDeliveryAttempted',
      'InviteDeliveryAttempted',
      'InviteDeliveryAttempted',
      'InviteDelivered',
    ]);
    expect(sent).toHaveLength(1);
  });

  it('records a permanent failure with its reason, without retrying', async () => {
    const { sent, senders } = recordingSenders(
      1,
      new DeliveryError('SMS provider answered 400 (21211): invalid To', false),
    );
    await send();
    start(senders);
    expect(await outcome()).toEqual(['InviteSent', 'InviteDeliveryAttempted', 'InviteDeliveryFailed']);
    expect(sent).toEqual([]);
    const failed = (await events.readStream(streams.invitation('i1'))).at(-1)!;
    expect(failed.data).toMatchObject({ reason: 'SMS provider answered 400 (21211): invalid To' });
  });

  it('after a crash between attempt and outcome, never sends again: it records the failure instead', async () => {
    await send();
    // The previous process recorded the attempt, maybe sent, and died before recording the outcome.
    await run({
      type: 'RecordDeliveryAttempt',
      invitationId: 'i1',
      practiceId: 'p1',
      round: 1,
      channel: 'sms',
      sendKey: 'i1-1-sms',
      at: clock.now().toISOString(),
    });
    const { sent, senders } = recordingSenders();
    start(senders);
    expect(await outcome()).toEqual(['InviteSent', 'InviteDeliveryAttempted', 'InviteDeliveryFailed']);
    expect(sent).toEqual([]);
  });

  it('does not text a number that opted out after the invitation was sent', async () => {
    const { sent, senders } = recordingSenders();
    await send();
    start(senders, async () => false);
    expect(await outcome()).toEqual(['InviteSent', 'InviteDeliveryFailed']);
    expect(sent).toEqual([]);
  });

  it('resumes from its checkpoint after a restart without sending anything twice', async () => {
    const first = recordingSenders();
    await send();
    const processor = start(first.senders);
    await outcome();
    await processor.stop();
    const second = recordingSenders();
    start(second.senders);
    await new Promise((r) => setTimeout(r, 150));
    expect(first.sent).toHaveLength(1);
    expect(second.sent).toEqual([]);
  });
});
