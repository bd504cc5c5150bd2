import type { InvitationEvent } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, expect, it } from 'vitest';
import { invitationsProjection, type InvitationDoc } from './invitations.projection.js';

const spec = projectionSpec(invitationsProjection);
const event = (e: InvitationEvent) => recorded(e, { streamId: 'invitation-i1' });
const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`;

const sent = event({
  type: 'InviteSent',
  data: {
    invitationId: 'i1',
    practiceId: 'p1',
    contactId: 'c1',
    linkId: 'l1',
    channels: ['sms', 'email'],
    to: { phone: '+14155550100', email: 'jane@example.com' },
    message: 'Join us',
    linkUrl: 'https://invite.example/brown',
    practiceName: 'Brown Clinic',
    tokenHash: 'h1',
    sealedToken: 's1',
    sentAt: at(1),
    expiresAt: at(30),
  },
});
const attempted = (channel: 'sms' | 'email', round = 1) =>
  event({
    type: 'InviteDeliveryAttempted',
    data: { invitationId: 'i1', round, channel, attempt: 1, sendKey: `k-${channel}`, attemptedAt: at(2) },
  });
const delivered = (channel: 'sms' | 'email', round = 1) =>
  event({
    type: 'InviteDelivered',
    data: { invitationId: 'i1', round, channel, providerId: null, deliveredAt: at(2) },
  });

const pending: InvitationDoc = {
  id: 'i1',
  practiceId: 'p1',
  contactId: 'c1',
  linkId: 'l1',
  phone: '+14155550100',
  status: 'pending',
  progress: 'sent',
  channels: ['sms', 'email'],
  deliveries: {
    sms: { state: 'queued', attempts: 0, reason: null, at: at(1) },
    email: { state: 'queued', attempts: 0, reason: null, at: at(1) },
  },
  round: 1,
  tokenHash: 'h1',
  sends: 1,
  reminders: 0,
  heldUntil: null,
  lastSentAt: at(1),
  expiresAt: at(30),
  openedAt: null,
  timeline: [{ at: at(1), what: 'sent' }],
  createdAt: at(1),
};

describe('invitations read model', () => {
  it('lists a sent invitation as pending, each channel queued, keeping the number texted', async () => {
    await spec.given().when(sent).then('i1', pending);
  });

  it('shows it delivered once one channel is', async () => {
    await spec
      .given(sent, attempted('sms'))
      .when(delivered('sms'))
      .then('i1', {
        ...pending,
        progress: 'delivered',
        deliveries: { ...pending.deliveries, sms: { state: 'delivered', attempts: 1, reason: null, at: at(2) } },
        timeline: [...pending.timeline, { at: at(2), what: 'delivered', channel: 'sms' }],
      });
  });

  it('shows it failed only when every channel failed, with the reason', async () => {
    const failed = (channel: 'sms' | 'email') =>
      event({
        type: 'InviteDeliveryFailed',
        data: { invitationId: 'i1', round: 1, channel, reason: `${channel} refused`, failedAt: at(3) },
      });
    const docs = await spec.given(sent, failed('sms')).when(failed('email')).documents();
    expect(docs.get('i1')).toMatchObject({
      progress: 'failed',
      deliveries: { email: { state: 'failed', reason: 'email refused' } },
    });
  });

  it('shows the first open, and drops work of a round a resend replaced', async () => {
    const resent = event({
      type: 'InviteResent',
      data: {
        invitationId: 'i1',
        round: 2,
        channels: ['email'],
        to: { phone: null, email: 'jane@example.com' },
        tokenHash: 'h2',
        sealedToken: 's2',
        sentAt: at(5),
        expiresAt: at(35),
      },
    });
    const docs = await spec.given(sent, resent).when(delivered('sms', 1)).documents();
    expect(docs.get('i1')).toMatchObject({
      round: 2,
      sends: 2,
      tokenHash: 'h2',
      channels: ['email'],
      phone: '+14155550100',
      progress: 'sent',
      lastSentAt: at(5),
      expiresAt: at(35),
    });
    expect(docs.get('i1')!.deliveries).toEqual({ email: { state: 'queued', attempts: 0, reason: null, at: at(5) } });
  });

  it('leaves the pending list when the contact connects through a link, saying so in its timeline', async () => {
    const byLink = event({
      type: 'InviteAcceptedByLink',
      data: {
        invitationId: 'i1',
        practiceId: 'p1',
        contactId: 'c1',
        patientId: 'pt1',
        linkId: 'l1',
        acceptedAt: at(5),
      },
    });
    const docs = await spec.given(sent).when(byLink).documents();
    expect(docs.get('i1')).toMatchObject({ status: 'accepted' });
    expect(docs.get('i1')!.timeline.map((t) => t.what)).toEqual(['sent', 'accepted_by_link']);
  });

  it('records acceptance, revocation and expiry in its status and timeline', async () => {
    const opened = event({ type: 'InviteOpened', data: { invitationId: 'i1', openedAt: at(4) } });
    const accepted = event({
      type: 'InviteAccepted',
      data: {
        invitationId: 'i1',
        practiceId: 'p1',
        contactId: 'c1',
        patientId: 'pt1',
        provenBy: 'phone',
        acceptedAt: at(6),
      },
    });
    const docs = await spec.given(sent, opened).when(accepted).documents();
    expect(docs.get('i1')).toMatchObject({ status: 'accepted', progress: 'opened', openedAt: at(4) });
    expect(docs.get('i1')!.timeline.map((t) => t.what)).toEqual(['sent', 'opened', 'accepted']);
    expect(
      (
        await spec
          .given(sent)
          .when(event({ type: 'InviteRevoked', data: { invitationId: 'i1', revokedAt: at(7) } }))
          .documents()
      ).get('i1')!.status,
    ).toBe('revoked');
    expect(
      (
        await spec
          .given(sent)
          .when(event({ type: 'InviteExpired', data: { invitationId: 'i1', expiredAt: at(30) } }))
          .documents()
      ).get('i1')!.status,
    ).toBe('expired');
  });

  it('ignores events about an invitation it never saw sent', async () => {
    await spec.given().when(delivered('sms')).then('i1', null);
  });
});
