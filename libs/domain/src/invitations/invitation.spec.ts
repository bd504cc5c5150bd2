import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import type { InvitationCommand } from './invitation.commands.js';
import { invitationDecider } from './invitation.decide.js';
import { DeliveryNotAttempted, InvitationAccepted, InvitationAlreadySent, InvitationNotAcceptable, InvitationNotFound, InvitationRevoked, NoChannel } from './invitation.errors.js';
import type { InvitationEvent } from './invitation.events.js';

const spec = specFor(invitationDecider);
const at = '2026-11-26T10:00:00.000Z';
const later = '2026-12-30T10:00:00.000Z';
const on = { invitationId: 'i1', practiceId: 'p1', at };
const sent: InvitationEvent = {
  type: 'InviteSent',
  data: {
    invitationId: 'i1',
    practiceId: 'p1',
    contactId: 'c1',
    linkId: 'l1',
    channels: ['sms', 'email'],
    to: { phone: '+14155550100', email: 'jane@example.com' },
    message: 'Hello from Brown Clinic.',
    linkUrl: 'https://invite.example/brown',
    practiceName: 'Brown Clinic',
    tokenHash: 'h1',
    sealedToken: 's1',
    sentAt: at,
    expiresAt: '2026-12-26T10:00:00.000Z',
  },
};
const attempted = (channel: 'sms' | 'email', round = 1): InvitationEvent => ({ type: 'InviteDeliveryAttempted', data: { invitationId: 'i1', round, channel, attempt: 1, sendKey: `i1-${round}-${channel}`, attemptedAt: at } });
const when = (given: InvitationEvent[], command: InvitationCommand) => spec.given(given).when(command);

describe('invitation', () => {
  it('is sent on the channels the contact can be reached on, with a hashed and a sealed token', () => {
    const { data } = sent as Extract<InvitationEvent, { type: 'InviteSent' }>;
    expect(when([], { type: 'SendInvite', ...on, ...data, at }).events()).toEqual([sent]);
  });

  it('refuses an invitation with no channel, and a second send of the same invitation', () => {
    const { data } = sent as Extract<InvitationEvent, { type: 'InviteSent' }>;
    expect(when([], { type: 'SendInvite', ...on, ...data, channels: [], at }).error()).toBeInstanceOf(NoChannel);
    expect(when([sent], { type: 'SendInvite', ...on, ...data, tokenHash: 'another', at }).error()).toBeInstanceOf(InvitationAlreadySent);
  });

  it('records nothing when the very same send (same token) comes again: a retried request, or an interrupted one being finished', () => {
    const { data } = sent as Extract<InvitationEvent, { type: 'InviteSent' }>;
    expect(when([sent], { type: 'SendInvite', ...on, ...data, at }).events()).toEqual([]);
    const resend = { type: 'ResendInvite' as const, ...on, channels: data.channels, to: data.to, tokenHash: 'second', sealedToken: 's2', expiresAt: later };
    const resent = when([sent], resend).events();
    expect(resent).toHaveLength(1);
    expect(when([sent, ...resent], resend).events()).toEqual([]);
  });

  it('records an attempt before sending, then the outcome, once per channel and round', () => {
    const attempt = when([sent], { type: 'RecordDeliveryAttempt', ...on, round: 1, channel: 'sms', sendKey: 'i1-1-sms' }).events();
    expect(attempt).toEqual([attempted('sms')]);
    expect(when([sent, ...attempt], { type: 'RecordDelivered', ...on, round: 1, channel: 'sms', providerId: 'SM1' }).events()).toEqual([
      { type: 'InviteDelivered', data: { invitationId: 'i1', round: 1, channel: 'sms', providerId: 'SM1', deliveredAt: at } },
    ]);
    const delivered: InvitationEvent = { type: 'InviteDelivered', data: { invitationId: 'i1', round: 1, channel: 'sms', providerId: 'SM1', deliveredAt: at } };
    // Delivered means done: a restarted processor does not send it again.
    expect(when([sent, ...attempt, delivered], { type: 'RecordDeliveryAttempt', ...on, round: 1, channel: 'sms', sendKey: 'x' }).events()).toEqual([]);
  });

  it('refuses a delivery for a channel never attempted, but lets a never-sent one fail', () => {
    expect(when([sent], { type: 'RecordDelivered', ...on, round: 1, channel: 'email', providerId: null }).error()).toBeInstanceOf(DeliveryNotAttempted);
    expect(when([sent], { type: 'RecordDeliveryFailure', ...on, round: 1, channel: 'sms', reason: 'opted out' }).events()).toHaveLength(1);
  });

  it('counts only the first open with the live token', () => {
    const opened = when([sent], { type: 'OpenInvite', ...on, tokenHash: 'h1' }).events();
    expect(opened).toEqual([{ type: 'InviteOpened', data: { invitationId: 'i1', openedAt: at } }]);
    expect(when([sent, ...opened], { type: 'OpenInvite', ...on, tokenHash: 'h1' }).events()).toEqual([]);
    expect(when([sent], { type: 'OpenInvite', ...on, tokenHash: 'wrong' }).events()).toEqual([]);
    expect(when([sent], { type: 'OpenInvite', ...on, at: later, tokenHash: 'h1' }).events()).toEqual([]);
  });

  it('resends with a new token and window; the old token opens nothing and old-round work is dropped', () => {
    const resent = when([sent, attempted('sms')], { type: 'ResendInvite', ...on, channels: ['sms'], to: { phone: '+14155550100', email: null }, tokenHash: 'h2', sealedToken: 's2', expiresAt: later }).events();
    expect(resent).toEqual([{ type: 'InviteResent', data: { invitationId: 'i1', round: 2, channels: ['sms'], to: { phone: '+14155550100', email: null }, tokenHash: 'h2', sealedToken: 's2', sentAt: at, expiresAt: later } }]);
    const history = [sent, attempted('sms'), ...resent];
    expect(when(history, { type: 'OpenInvite', ...on, tokenHash: 'h1' }).events()).toEqual([]);
    expect(when(history, { type: 'OpenInvite', ...on, tokenHash: 'h2' }).events()).toHaveLength(1);
    expect(when(history, { type: 'RecordDelivered', ...on, round: 1, channel: 'sms', providerId: 'late' }).events()).toEqual([]);
    expect(when(history, { type: 'RecordDeliveryAttempt', ...on, round: 2, channel: 'sms', sendKey: 'i1-2-sms' }).events()).toHaveLength(1);
  });

  it('expires once its window has passed, and an expired invitation can be resent', () => {
    expect(when([sent], { type: 'ExpireInvite', ...on }).events()).toEqual([]);
    const expired = when([sent], { type: 'ExpireInvite', ...on, at: later }).events();
    expect(expired).toEqual([{ type: 'InviteExpired', data: { invitationId: 'i1', expiredAt: later } }]);
    expect(when([sent, ...expired], { type: 'ResendInvite', ...on, channels: ['email'], to: { phone: null, email: 'jane@example.com' }, tokenHash: 'h3', sealedToken: 's3', expiresAt: later }).events()).toHaveLength(1);
  });

  it('is revoked once; a revoked invitation is neither resent nor delivered', () => {
    const revoked = when([sent], { type: 'RevokeInvite', ...on }).events();
    expect(revoked).toEqual([{ type: 'InviteRevoked', data: { invitationId: 'i1', revokedAt: at } }]);
    expect(when([sent, ...revoked], { type: 'RevokeInvite', ...on }).events()).toEqual([]);
    expect(when([sent, ...revoked], { type: 'ResendInvite', ...on, channels: ['sms'], to: { phone: '+14155550100', email: null }, tokenHash: 'h2', sealedToken: 's2', expiresAt: later }).error()).toBeInstanceOf(InvitationRevoked);
    expect(when([sent, ...revoked], { type: 'RecordDeliveryAttempt', ...on, round: 1, channel: 'sms', sendKey: 'k' }).events()).toEqual([]);
  });

  it("treats another practice's invitation as not found", () => {
    expect(when([sent], { type: 'RevokeInvite', ...on, practiceId: 'p2' }).error()).toBeInstanceOf(InvitationNotFound);
  });

  it('is accepted once, with the live token before it expires; afterwards it is neither resent nor revoked', () => {
    const accept = { type: 'AcceptInvite' as const, ...on, tokenHash: 'h1', patientId: 'pt1', provenBy: 'phone' as const };
    const accepted = when([sent], accept).events();
    expect(accepted).toEqual([{ type: 'InviteAccepted', data: { invitationId: 'i1', practiceId: 'p1', contactId: 'c1', patientId: 'pt1', provenBy: 'phone', acceptedAt: at } }]);
    expect(when([sent, ...accepted], accept).events()).toEqual([]);
    expect((when([sent, ...accepted], { ...accept, patientId: 'pt2' }).error() as InvitationNotAcceptable).details).toEqual({ invitationId: 'i1', reason: 'accepted_by_another' });
    expect((when([sent], { ...accept, tokenHash: 'old' }).error() as InvitationNotAcceptable).details.reason).toBe('replaced');
    expect((when([sent], { ...accept, at: later }).error() as InvitationNotAcceptable).details.reason).toBe('expired');
    expect((when([sent, { type: 'InviteRevoked', data: { invitationId: 'i1', revokedAt: at } }], accept).error() as InvitationNotAcceptable).details.reason).toBe('revoked');
    expect(when([sent, ...accepted], { type: 'ResendInvite', ...on, channels: ['sms'], to: { phone: '+14155550100', email: null }, tokenHash: 'h2', sealedToken: 's2', expiresAt: later }).error()).toBeInstanceOf(InvitationAccepted);
    expect(when([sent, ...accepted], { type: 'RevokeInvite', ...on }).events()).toEqual([]);
    expect(when([sent, ...accepted], { type: 'ExpireInvite', ...on, at: later }).events()).toEqual([]);
  });
});
