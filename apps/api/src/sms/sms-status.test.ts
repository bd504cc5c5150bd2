import { twilioSignature } from '@pi/notify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../testing/test-app.fixture.js';

const SECRET = 'webhook-secret-for-tests-0123456789';
const BASE = 'https://invite.brown.example';
const CALLBACK = 'https://hooks.brown.example/v1/sms/status';

describe('SMS delivery receipts (the provider’s status callbacks)', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({
      SMS_WEBHOOK_SECRET: SECRET,
      PUBLIC_BASE_URL: BASE,
      SMS_STATUS_CALLBACK_URL: CALLBACK,
    });
    await api.request('POST', '/v1/links', { body: { label: 'Front desk', slug: 'brown-receipts' } });
  });
  afterAll(() => api.close());

  const callback = async (params: Record<string, string>, options: { sign?: string | false; url?: string } = {}) => {
    const signature =
      options.sign === false ? undefined : (options.sign ?? twilioSignature(SECRET, options.url ?? CALLBACK, params));
    const response = await fetch(`${api.url}/v1/sms/status`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signature ? { 'x-twilio-signature': signature } : {}),
      },
      body: new URLSearchParams(params),
    });
    return { status: response.status, text: await response.text() };
  };

  /** Invites by SMS and waits for the provider (the embedded outbox here) to accept it: its id for the message. */
  const invite = async (phone: string) => {
    const invited = await api.request('POST', '/v1/invitations', { body: { contact: { name: 'Ray Receipt', phone } } });
    expect(invited.status, invited.text).toBe(201);
    const events = await eventually(
      () => api.running.runtime.events.readStream(`invitation-${invited.body.id}`),
      (list) => list.some((e) => e.type === 'InviteDelivered'),
    );
    const delivered = events.find((e) => e.type === 'InviteDelivered')!.data as { providerId: string };
    return {
      invitationId: invited.body.id as string,
      contactId: invited.body.contactId as string,
      sid: delivered.providerId,
    };
  };
  const reports = async (invitationId: string) =>
    (await api.running.runtime.events.readStream(`invitation-${invitationId}`)).filter(
      (e) => e.type === 'InviteDeliveryReported',
    );

  it('records an undelivered text with the provider’s code, shows it on the invitation and the contact card, and a later delivery clears the card', async () => {
    const { invitationId, contactId, sid } = await invite('(415) 555-0161');
    const sent = await callback({ MessageSid: sid, MessageStatus: 'sent' });
    expect(sent.status).toBe(204);
    expect(await reports(invitationId)).toEqual([]); // not final: nothing recorded
    const undelivered = await callback({ MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30003' });
    expect(undelivered.status).toBe(204);
    expect((await reports(invitationId)).map((e) => e.data)).toEqual([
      expect.objectContaining({ channel: 'sms', status: 'undelivered', errorCode: '30003', providerId: sid }),
    ]);
    const invitation = await eventually(
      () => api.request('GET', `/v1/invitations/${invitationId}`),
      (r) => r.body.deliveries?.sms?.state === 'failed',
    );
    expect(invitation.body.deliveries.sms).toMatchObject({
      state: 'failed',
      reason: 'the provider reports it undelivered (error 30003)',
    });
    const card = await eventually(
      () => api.request('GET', `/v1/contacts/${contactId}`),
      (r) => r.body.sms?.undelivered !== null,
    );
    expect(card.body.sms.undelivered).toEqual({ errorCode: '30003', at: expect.any(String) });
    await callback({ MessageSid: sid, MessageStatus: 'delivered' });
    const cleared = await eventually(
      () => api.request('GET', `/v1/contacts/${contactId}`),
      (r) => r.body.sms?.undelivered === null,
    );
    expect(cleared.body.sms.undelivered).toBeNull();
    // Undelivered again, then staff correct the number: the new number has no bad record.
    await callback({ MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30005' });
    await eventually(
      () => api.request('GET', `/v1/contacts/${contactId}`),
      (r) => r.body.sms?.undelivered?.errorCode === '30005',
    );
    const corrected = await api.request('PATCH', `/v1/contacts/${contactId}`, { body: { phone: '(415) 555-0171' } });
    expect(corrected.status, corrected.text).toBe(200);
    const recard = await api.request('GET', `/v1/contacts/${contactId}`, {
      headers: { 'X-Consistent-After': corrected.body.position },
    });
    expect(recard.body.sms.undelivered).toBeNull();
  });

  it('changes nothing for a replayed callback or a message it does not know', async () => {
    const { invitationId, sid } = await invite('(415) 555-0162');
    const params = { MessageSid: sid, MessageStatus: 'failed', ErrorCode: '30006' };
    expect((await callback(params)).status).toBe(204);
    const head = (await api.running.runtime.events.head())!.position;
    expect((await callback(params)).status).toBe(204);
    expect((await callback({ MessageSid: 'SMunknown', MessageStatus: 'delivered' })).status).toBe(204);
    expect((await api.running.runtime.events.head())!.position).toBe(head);
    expect(await reports(invitationId)).toHaveLength(1);
  });

  it('refuses a callback the provider did not sign, or signed for another address, with a problem', async () => {
    const { invitationId, sid } = await invite('(415) 555-0163');
    const params = { MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30003' };
    const unsigned = await callback(params, { sign: false });
    expect(unsigned.status).toBe(403);
    expect(JSON.parse(unsigned.text)).toMatchObject({ type: expect.stringMatching(/invalid-signature/) });
    expect(
      (await callback(params, { sign: twilioSignature('another-secret-entirely-0123456', CALLBACK, params) })).status,
    ).toBe(403);
    expect((await callback(params, { url: `${BASE}/v1/sms/inbound` })).status).toBe(403);
    // Tampered after signing: the status changed.
    const signature = twilioSignature(SECRET, CALLBACK, params);
    expect((await callback({ ...params, MessageStatus: 'delivered' }, { sign: signature })).status).toBe(403);
    expect(await reports(invitationId)).toEqual([]);
  });
});
