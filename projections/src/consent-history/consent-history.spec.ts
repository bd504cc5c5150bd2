import type { PatientConnected } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, expect, it } from 'vitest';
import { legacyPhoneHash } from './address-hash.js';
import { consentHistoryProjection, type ConsentHistoryDoc } from './consent-history.projection.js';

const spec = projectionSpec(consentHistoryProjection);
const phone = '+14155550100';
/** The keyed hashes the events carry (the read model never hashes a value itself). */
const phoneHash = 'kPhoneHashOfJane00000000';
const emailHash = 'kEmailHashOfJane00000000';
const id = `p1_sms_${phoneHash}`;
const as = (actor: string, streamId = `smsconsent-p1_${phoneHash}`) => ({
  streamId,
  metadata: { practiceId: 'p1', actor, correlationId: 'c', causationId: 'c', occurredAt: '2026-12-01T00:00:00Z' },
});
const stop = (at: string, via?: 'staff') =>
  recorded(
    {
      type: 'SmsOptedOut' as const,
      data: {
        practiceId: 'p1',
        phone,
        keyword: via ? 'STAFF' : 'STOP',
        ...(via ? { via, note: 'asked on a call' } : {}),
        optedOutAt: at,
      },
    },
    as(via ? 'staff-1' : 'public:sms'),
  );
const start = (at: string) =>
  recorded(
    { type: 'SmsOptedIn' as const, data: { practiceId: 'p1', phone, keyword: 'START', optedInAt: at } },
    as('public:sms'),
  );
const delivered = (at: string, addressHash = phoneHash) =>
  recorded(
    {
      type: 'InviteDelivered' as const,
      data: { invitationId: 'i1', round: 1, channel: 'sms' as const, providerId: 'SM1', addressHash, deliveredAt: at },
    },
    as('system:delivery'),
  );
const signup = recorded(
  {
    type: 'PatientConnected' as const,
    data: {
      practiceId: 'p1',
      patientId: 'pt1',
      account: { name: 'Jane', phone, email: 'jane@example.com' },
      smsConsentWording: 'I agree to receive texts from Brown Clinic.',
      phoneHash,
      connectedAt: '2026-11-01T10:00:00.000Z',
    } as unknown as PatientConnected['data'],
  },
  as('public:patient'),
);

describe('consent history', () => {
  it('keeps the sign-up consent with its words, then out, in and out again, with who recorded each', async () => {
    const docs = await spec
      .given(signup, stop('2026-11-02T00:00:00.000Z'), start('2026-11-03T00:00:00.000Z'))
      .when(stop('2026-11-04T00:00:00.000Z', 'staff'))
      .documents();
    const doc = docs.get(id)!;
    expect(doc).toMatchObject({ practiceId: 'p1', channel: 'sms', optedOut: true, revoked: true });
    expect(doc.entries.map((e) => [e.change, e.via, e.keyword, e.recordedBy])).toEqual([
      ['opt_in', 'signup', null, 'public:patient'],
      ['opt_out', 'reply', 'STOP', 'public:sms'],
      ['opt_in', 'reply', 'START', 'public:sms'],
      ['opt_out', 'staff', 'STAFF', 'staff-1'],
    ]);
    expect(doc.entries[0].wording).toBe('I agree to receive texts from Brown Clinic.');
    expect(JSON.stringify(doc)).not.toContain('4155550100');
  });

  it('keeps a message sent while opted out on the opt-out it followed, and none sent while opted in', async () => {
    const docs = await spec
      .given(stop('2026-11-02T00:00:00.000Z'), delivered('2026-11-02T01:00:00.000Z'), start('2026-11-03T00:00:00.000Z'))
      .when(delivered('2026-11-03T01:00:00.000Z'))
      .documents();
    const doc: ConsentHistoryDoc = docs.get(id)!;
    expect(doc.entries[0].messagesAfter).toEqual([{ at: '2026-11-02T01:00:00.000Z', invitationId: 'i1' }]);
    expect(doc.entries[1].messagesAfter).toBeUndefined();
  });

  it('records an email unsubscribe under the address hash, apart from the phone', async () => {
    const docs = await spec
      .given()
      .when(
        recorded(
          {
            type: 'EmailOptedOut' as const,
            data: {
              practiceId: 'p1',
              email: 'Jane@Example.com',
              via: 'unsubscribe' as const,
              note: null,
              optedOutAt: 'x',
            },
          },
          as('public:unsubscribe', `emailconsent-p1_${emailHash}`),
        ),
      )
      .documents();
    expect(docs.get(`p1_email_${emailHash}`)!.entries[0]).toMatchObject({
      change: 'opt_out',
      via: 'unsubscribe',
      keyword: 'UNSUBSCRIBE',
    });
    expect(docs.has(id)).toBe(false);
  });

  it("lets an erased patient's sign-up go with the patient, keeping the STOPs and STARTs (as a rebuild would)", async () => {
    const erased = recorded({
      type: 'PersonalDataErased' as const,
      data: { subjects: ['patient:pt1'], reason: 'request', erasedAt: '2026-11-05T00:00:00.000Z' },
    } as never);
    const docs = await spec.given(signup, stop('2026-11-02T00:00:00.000Z')).when(erased).documents();
    expect(docs.get(id)!.entries.map((e) => e.via)).toEqual(['reply']);
    expect(docs.get(id)!.subjects).toEqual([]);
    expect((await spec.given(signup).when(erased).documents()).size).toBe(0);
  });

  it('files the sign-up of a connection recorded before keyed hashes under the bare hash its history had then', async () => {
    const old = recorded({ ...signup, data: { ...signup.data, phoneHash: undefined } }, as('public:patient'));
    const docs = await spec.given().when(old).documents();
    expect([...docs.keys()]).toEqual([`p1_sms_${legacyPhoneHash(phone)}`]);
  });

  it('makes no record for a message to an address that never gave or took back consent', async () => {
    expect((await spec.given().when(delivered('2026-11-02T00:00:00.000Z')).documents()).size).toBe(0);
  });
});
