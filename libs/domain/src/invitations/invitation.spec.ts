import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import type { InvitationCommand, SendInvite } from './invitation.commands.js';
import { invitationDecider } from './invitation.decide.js';
import {
  DeliveryNotAttempted,
  InvitationAccepted,
  InvitationAlreadySent,
  InvitationNotAcceptable,
  InvitationNotFound,
  InvitationRevoked,
  NoChannel,
} from './invitation.errors.js';
import { failureCodeOf, type InvitationEvent } from './invitation.events.js';

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
const attempted = (channel: 'sms' | 'email', round = 1): InvitationEvent => ({
  type: 'InviteDeliveryAttempted',
  data: { invitationId: 'i1', round, channel, attempt: 1, sendKey: `i1-${round}-${channel}`, attemptedAt: at },
});
const given = (...events: InvitationEvent[]) => spec.given(events);
/** The facts the send of `sent` was decided on. */
const send: SendInvite = {
  type: 'SendInvite',
  ...on,
  contactId: 'c1',
  linkId: 'l1',
  linkUrl: 'https://invite.example/brown',
  practiceName: 'Brown Clinic',
  senderName: 'Dr. Ada',
  customMessage: 'Hello from Brown Clinic.',
  template: null,
  recipient: { phone: '+14155550100', email: 'jane@example.com' },
  smsOptedOut: false,
  expiryDays: 30,
  tokenHash: 'h1',
  sealedToken: 's1',
};
const resend = (
  tokenHash: string,
  to: { phone: string | null; email: string | null } = { phone: '+14155550100', email: null },
): InvitationCommand => ({
  type: 'ResendInvite',
  ...on,
  recipient: to,
  smsOptedOut: false,
  expiryDays: 34,
  tokenHash,
  sealedToken: `s-${tokenHash}`,
});
const delivered: InvitationEvent = {
  type: 'InviteDelivered',
  data: { invitationId: 'i1', round: 1, channel: 'sms', providerId: 'SM1', deliveredAt: at },
};
const revoked: InvitationEvent = { type: 'InviteRevoked', data: { invitationId: 'i1', revokedAt: at } };
const opened: InvitationEvent = { type: 'InviteOpened', data: { invitationId: 'i1', openedAt: at } };
const resent: InvitationEvent = {
  type: 'InviteResent',
  data: {
    invitationId: 'i1',
    round: 2,
    channels: ['sms'],
    to: { phone: '+14155550100', email: null },
    tokenHash: 'h2',
    sealedToken: 's-h2',
    sentAt: at,
    expiresAt: later,
  },
};
const accept = { type: 'AcceptInvite' as const, ...on, tokenHash: 'h1', patientId: 'pt1', provenBy: 'phone' as const };
const accepted: InvitationEvent = {
  type: 'InviteAccepted',
  data: { invitationId: 'i1', practiceId: 'p1', contactId: 'c1', patientId: 'pt1', provenBy: 'phone', acceptedAt: at },
};

describe('invitation', () => {
  describe('sending', () => {
    it('is sent on the channels the contact can be reached on, with a hashed and a sealed token', () => {
      given().when(send).then([sent]);
    });

    it('is refused with no channel', () => {
      given()
        .when({ ...send, recipient: { phone: null, email: null } })
        .thenThrows(NoChannel);
    });

    it('goes by email only to a number that replied STOP', () => {
      const events = given()
        .when({ ...send, smsOptedOut: true })
        .events();
      expect(events[0]).toMatchObject({ type: 'InviteSent', data: { channels: ['email'] } });
    });

    it('is refused, saying why, to a number that replied STOP with no email', () => {
      const error = given()
        .when({ ...send, smsOptedOut: true, recipient: { phone: '+14155550100', email: null } })
        .thenThrows(NoChannel);
      expect(error.message).toMatch(/opted out .*reply START/);
    });

    it('words the message from the practice template (or the default), unless staff typed their own', () => {
      const wording = (facts: Partial<SendInvite>) =>
        (
          given()
            .when({ ...send, ...facts })
            .events()[0].data as { message: string }
        ).message;
      expect(wording({ customMessage: null })).toBe(
        'Brown Clinic: Dr. Ada invites you to message us securely. Connect here:',
      );
      expect(wording({ customMessage: null, template: 'Hi from {practice} ({sender}): {link}' })).toBe(
        'Hi from Brown Clinic (Dr. Ada): {link}',
      );
      expect(wording({ customMessage: '  Come say hi.  ' })).toBe('Come say hi.');
    });

    it('works for the practice’s number of days', () => {
      expect(
        given()
          .when({ ...send, expiryDays: 7 })
          .events()[0],
      ).toMatchObject({ data: { sentAt: at, expiresAt: '2026-12-03T10:00:00.000Z' } });
    });

    it('is refused a second, different send of the same invitation', () => {
      given(sent)
        .when({ ...send, tokenHash: 'another' })
        .thenThrows(InvitationAlreadySent);
    });

    it('records nothing when the very same send comes again (a retried request, an interrupted one being finished)', () => {
      given(sent).when(send).thenNothingHappened();
    });

    it('records nothing for an interrupted resend finished after a newer send (its token would come back)', () => {
      const stale: InvitationCommand = {
        ...(resend('h-old') as Extract<InvitationCommand, { type: 'ResendInvite' }>),
        at: '2026-11-25T10:00:00.000Z',
      };
      given(sent).when(stale).thenNothingHappened();
    });

    it('records nothing when the very same resend comes again', () => {
      given(sent, resent).when(resend('h2')).thenNothingHappened();
    });
  });

  describe('delivery', () => {
    it('records an attempt before sending', () => {
      given(sent)
        .when({ type: 'RecordDeliveryAttempt', ...on, round: 1, channel: 'sms', sendKey: 'i1-1-sms' })
        .then([attempted('sms')]);
    });

    it('records the outcome of an attempt', () => {
      given(sent, attempted('sms'))
        .when({ type: 'RecordDelivered', ...on, round: 1, channel: 'sms', providerId: 'SM1' })
        .then([delivered]);
    });

    it('never attempts a delivered message again (a restarted processor does not send it twice)', () => {
      given(sent, attempted('sms'), delivered)
        .when({ type: 'RecordDeliveryAttempt', ...on, round: 1, channel: 'sms', sendKey: 'x' })
        .thenNothingHappened();
    });

    it('refuses a delivery for a channel never attempted', () => {
      given(sent)
        .when({ type: 'RecordDelivered', ...on, round: 1, channel: 'email', providerId: null })
        .thenThrows(DeliveryNotAttempted);
    });

    it('lets a never-sent message fail (opted out since)', () => {
      given(sent)
        .when({
          type: 'RecordDeliveryFailure',
          ...on,
          round: 1,
          channel: 'sms',
          reason: 'opted out',
          code: 'opted_out',
        })
        .then([
          {
            type: 'InviteDeliveryFailed',
            data: {
              invitationId: 'i1',
              round: 1,
              channel: 'sms',
              reason: 'opted out',
              code: 'opted_out',
              failedAt: at,
            },
          },
        ]);
    });

    it("records the provider's final report on a message it accepted, once; an unknown message or a replay records nothing", () => {
      const report = (status: 'delivered' | 'undelivered' | 'failed', providerId = 'SM1') => ({
        type: 'RecordDeliveryReport' as const,
        ...on,
        providerId,
        status,
        errorCode: status === 'delivered' ? null : '30003',
      });
      const undelivered: InvitationEvent = {
        type: 'InviteDeliveryReported',
        data: {
          invitationId: 'i1',
          contactId: 'c1',
          round: 1,
          channel: 'sms',
          providerId: 'SM1',
          status: 'undelivered',
          errorCode: '30003',
          reportedAt: at,
        },
      };
      given(sent, attempted('sms'), delivered).when(report('undelivered')).then([undelivered]);
      given(sent, attempted('sms'), delivered, undelivered).when(report('undelivered')).then([]);
      given(sent, attempted('sms'), delivered).when(report('delivered', 'SM-unknown')).then([]);
      // A report for the first round's message still lands after a resend, naming its round.
      given(sent, attempted('sms'), delivered, resent).when(report('undelivered')).then([undelivered]);
    });

    it('reads the code of a failure written before codes from its reason', () => {
      const older = (reason: string) =>
        failureCodeOf({ invitationId: 'i1', round: 1, channel: 'sms', reason, failedAt: at });
      expect(older('not sent: the patient opted out of text messages (STOP)')).toBe('opted_out');
      expect(older('not sent: the contact was erased')).toBe('erased');
      expect(older('interrupted before the outcome was known; not sent again')).toBe('interrupted');
      expect(older('SMS provider answered 400 (21211): invalid To')).toBe('provider');
    });
  });

  describe('opening', () => {
    it('counts the first open with the live token', () => {
      given(sent)
        .when({ type: 'OpenInvite', ...on, tokenHash: 'h1' })
        .then([opened]);
    });

    it('counts a second open as nothing', () => {
      given(sent, opened)
        .when({ type: 'OpenInvite', ...on, tokenHash: 'h1' })
        .thenNothingHappened();
    });

    it('counts an open with a wrong token as nothing', () => {
      given(sent)
        .when({ type: 'OpenInvite', ...on, tokenHash: 'wrong' })
        .thenNothingHappened();
    });

    it('counts an open after expiry as nothing', () => {
      given(sent)
        .when({ type: 'OpenInvite', ...on, at: later, tokenHash: 'h1' })
        .thenNothingHappened();
    });
  });

  describe('resending', () => {
    it('resends with a new token and window, as a new round', () => {
      given(sent, attempted('sms')).when(resend('h2')).then([resent]);
    });

    it('opens nothing with the old token after a resend', () => {
      given(sent, attempted('sms'), resent)
        .when({ type: 'OpenInvite', ...on, tokenHash: 'h1' })
        .thenNothingHappened();
    });

    it('opens with the new token', () => {
      given(sent, attempted('sms'), resent)
        .when({ type: 'OpenInvite', ...on, tokenHash: 'h2' })
        .then([opened]);
    });

    it('drops the outcome of an old round', () => {
      given(sent, attempted('sms'), resent)
        .when({ type: 'RecordDelivered', ...on, round: 1, channel: 'sms', providerId: 'late' })
        .thenNothingHappened();
    });

    it('attempts the new round', () => {
      given(sent, attempted('sms'), resent)
        .when({ type: 'RecordDeliveryAttempt', ...on, round: 2, channel: 'sms', sendKey: 'i1-2-sms' })
        .then([attempted('sms', 2)]);
    });
  });

  describe('expiry', () => {
    it('does not expire before its window has passed', () => {
      given(sent)
        .when({ type: 'ExpireInvite', ...on })
        .thenNothingHappened();
    });

    it('expires once its window has passed', () => {
      given(sent)
        .when({ type: 'ExpireInvite', ...on, at: later })
        .then([{ type: 'InviteExpired', data: { invitationId: 'i1', expiredAt: later } }]);
    });

    it('can be resent once expired', () => {
      given(sent, { type: 'InviteExpired', data: { invitationId: 'i1', expiredAt: later } })
        .when(resend('h3', { phone: null, email: 'jane@example.com' }))
        .then([
          {
            type: 'InviteResent',
            data: {
              invitationId: 'i1',
              round: 2,
              channels: ['email'],
              to: { phone: null, email: 'jane@example.com' },
              tokenHash: 'h3',
              sealedToken: 's-h3',
              sentAt: at,
              expiresAt: later,
            },
          },
        ]);
    });
  });

  describe('revoking', () => {
    it('is revoked', () => {
      given(sent)
        .when({ type: 'RevokeInvite', ...on })
        .then([revoked]);
    });

    it('is revoked once', () => {
      given(sent, revoked)
        .when({ type: 'RevokeInvite', ...on })
        .thenNothingHappened();
    });

    it('is not resent once revoked', () => {
      given(sent, revoked).when(resend('h2')).thenThrows(InvitationRevoked);
    });

    it('is not delivered once revoked', () => {
      given(sent, revoked)
        .when({ type: 'RecordDeliveryAttempt', ...on, round: 1, channel: 'sms', sendKey: 'k' })
        .thenNothingHappened();
    });

    it("treats another practice's invitation as not found", () => {
      given(sent)
        .when({ type: 'RevokeInvite', ...on, practiceId: 'p2' })
        .thenThrows(InvitationNotFound);
    });
  });

  describe('closing when the contact connects through a link', () => {
    const close = { type: 'CloseOnConnection' as const, ...on, patientId: 'pt1', linkId: 'l1' };
    const closed: InvitationEvent = {
      type: 'InviteAcceptedByLink',
      data: { invitationId: 'i1', practiceId: 'p1', contactId: 'c1', patientId: 'pt1', linkId: 'l1', acceptedAt: at },
    };

    it('closes a pending invitation as accepted through the link', () => {
      given(sent).when(close).then([closed]);
    });

    it('leaves an invitation already closed, accepted, revoked or past its expiry as it is', () => {
      given(sent, closed).when(close).thenNothingHappened();
      given(sent, accepted).when(close).thenNothingHappened();
      given(sent, revoked).when(close).thenNothingHappened();
      given(sent)
        .when({ ...close, at: later })
        .thenNothingHappened();
    });

    it('is not accepted again by its token once closed', () => {
      given(sent, closed)
        .when({ ...accept, patientId: 'pt2' })
        .thenThrows(InvitationNotAcceptable, { reason: 'accepted_by_another' });
    });
  });

  describe('accepting', () => {
    it('is accepted with the live token before it expires', () => {
      given(sent).when(accept).then([accepted]);
    });

    it('is accepted once: the same patient again changes nothing', () => {
      given(sent, accepted).when(accept).thenNothingHappened();
    });

    it('is refused to another patient once accepted', () => {
      given(sent, accepted)
        .when({ ...accept, patientId: 'pt2' })
        .thenThrows(InvitationNotAcceptable, { invitationId: 'i1', reason: 'accepted_by_another' });
    });

    it('is refused with a token a resend replaced', () => {
      given(sent)
        .when({ ...accept, tokenHash: 'old' })
        .thenThrows(InvitationNotAcceptable, { reason: 'replaced' });
    });

    it('is refused after expiry', () => {
      given(sent)
        .when({ ...accept, at: later })
        .thenThrows(InvitationNotAcceptable, { reason: 'expired' });
    });

    it('is refused once revoked', () => {
      given(sent, revoked).when(accept).thenThrows(InvitationNotAcceptable, { reason: 'revoked' });
    });

    it('is neither resent, revoked nor expired once accepted', () => {
      given(sent, accepted).when(resend('h2')).thenThrows(InvitationAccepted);
      given(sent, accepted)
        .when({ type: 'RevokeInvite', ...on })
        .thenNothingHappened();
      given(sent, accepted)
        .when({ type: 'ExpireInvite', ...on, at: later })
        .thenNothingHappened();
    });
  });
});
