import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import { compareIdentity } from './identity.js';
import type { ConnectPatient } from './patient.commands.js';
import { patientDecider } from './patient.decide.js';
import {
  DecisionNoteRequired,
  MismatchAlreadyFlagged,
  NoMismatchFlagged,
  PatientNotFound,
  SamePhone,
} from './patient.errors.js';
import type { PatientEvent } from './patient.events.js';

const spec = specFor(patientDecider);
const at = '2026-11-27T10:00:00.000Z';
const account = { name: 'Jane Doe', phone: '+14155550100', email: 'jane@example.com' };
const created: PatientEvent = {
  type: 'PatientAccountCreated',
  data: {
    patientId: 'pt1',
    ...account,
    verificationId: 'v1',
    signedUpAt: { practiceId: 'p1', linkId: 'l1' },
    createdAt: at,
  },
};
const connectBase: ConnectPatient = {
  type: 'ConnectPatient',
  patientId: 'pt1',
  practiceId: 'p1',
  via: 'link',
  linkId: 'l1',
  invitationId: null,
  provenBy: null,
  contactId: 'c1',
  contactMatch: 'phone',
  conversationId: 'cv1',
  verificationId: 'v1',
  phoneVerifiedAt: at,
  account,
  record: { name: 'Jane Doe', phone: '+14155550100', email: null },
  checks: { phone: 'match', email: 'not_on_record', name: 'match' },
  smsConsentWording: 'I agree to texts.',
  invitationTokenUnproven: false,
  at,
};
const connectedByLink = spec.given([created]).when(connectBase).events();
const decision = { patientId: 'pt1', practiceId: 'p1', by: 's1', at };

describe('patient', () => {
  it('compares the sign-up with the practice record: phone exactly, email by match key, name without case or accents', () => {
    expect(compareIdentity(account, { name: 'JANE  DOË', phone: '+14155550100', email: 'jane@EXAMPLE.com' })).toEqual({
      phone: 'match',
      email: 'match',
      name: 'match',
    });
    expect(compareIdentity(account, { name: 'John Doe', phone: '+14155550199', email: null })).toEqual({
      phone: 'differs',
      email: 'not_on_record',
      name: 'differs',
    });
    expect(compareIdentity(account, null)).toEqual({
      phone: 'not_on_record',
      email: 'not_on_record',
      name: 'not_on_record',
    });
  });

  it('connects through a link as unverified, claiming the link; connecting again changes nothing', () => {
    expect(connectedByLink.map((e) => e.type)).toEqual(['PatientConnected', 'LinkClaimed']);
    expect(connectedByLink[0].data).toMatchObject({
      identityStatus: 'unverified_link',
      contactId: 'c1',
      conversationId: 'cv1',
    });
    expect(connectedByLink[1].data).toEqual({
      patientId: 'pt1',
      practiceId: 'p1',
      linkId: 'l1',
      contactId: 'c1',
      conversationId: 'cv1',
      contactMatch: 'phone',
      invitationTokenUnproven: false,
      claimedAt: at,
    });
    expect(
      spec
        .given([created, ...connectedByLink])
        .when(connectBase)
        .events(),
    ).toEqual([]);
  });

  it('connects through an invitation whose contact data was proven as verified by invite, without a link claim', () => {
    const events = spec
      .given([created])
      .when({ ...connectBase, via: 'invitation', invitationId: 'i1', provenBy: 'phone', contactMatch: 'invitation' })
      .events();
    expect(events.map((e) => e.type)).toEqual(['PatientConnected']);
    expect(events[0].data).toMatchObject({
      identityStatus: 'verified_by_invite',
      provenBy: 'phone',
      invitationId: 'i1',
    });
  });

  it('records staff verifications and mismatches with who decided and the status before and after', () => {
    const given = [created, ...connectedByLink];
    const verified = spec
      .given(given)
      .when({ type: 'RecordIdentityVerification', ...decision, method: 'records_match', note: ' Checked DOB. ' })
      .events();
    expect(verified).toEqual([
      {
        type: 'IdentityVerified',
        data: {
          patientId: 'pt1',
          practiceId: 'p1',
          contactId: 'c1',
          conversationId: 'cv1',
          by: 's1',
          note: 'Checked DOB.',
          previousStatus: 'unverified_link',
          status: 'verified_by_staff',
          method: 'records_match',
          verifiedAt: at,
        },
      },
    ]);
    const flagged = spec
      .given([...given, ...verified])
      .when({ type: 'FlagIdentityMismatch', ...decision, differs: ['email', 'email'], note: 'Email unknown to us' })
      .events();
    expect(flagged[0].data).toMatchObject({
      previousStatus: 'verified_by_staff',
      status: 'mismatch_flagged',
      differs: ['email'],
    });
    const history = [...given, ...verified, ...flagged];
    expect(
      spec
        .given(history)
        .when({ type: 'FlagIdentityMismatch', ...decision, differs: ['name'], note: 'x' })
        .error(),
    ).toBeInstanceOf(MismatchAlreadyFlagged);
    expect(
      spec
        .given(history)
        .when({ type: 'RecordIdentityVerification', ...decision, method: 'in_person', note: '' })
        .error(),
    ).toBeInstanceOf(MismatchAlreadyFlagged);
    const resolved = spec
      .given(history)
      .when({ type: 'ResolveIdentityMismatch', ...decision, note: 'Confirmed new email by phone' })
      .events();
    expect(resolved[0].data).toMatchObject({ previousStatus: 'mismatch_flagged', status: 'verified_by_staff' });
    expect(
      spec
        .given([...history, ...resolved])
        .when({ type: 'ResolveIdentityMismatch', ...decision, note: 'again' })
        .error(),
    ).toBeInstanceOf(NoMismatchFlagged);
  });

  it("requires notes where a decision needs words, and treats another practice's patient as not found", () => {
    const given = [created, ...connectedByLink];
    expect(
      spec
        .given(given)
        .when({ type: 'RecordIdentityVerification', ...decision, method: 'other', note: ' ' })
        .error(),
    ).toBeInstanceOf(DecisionNoteRequired);
    expect(
      spec
        .given(given)
        .when({ type: 'FlagIdentityMismatch', ...decision, differs: ['phone'], note: '' })
        .error(),
    ).toBeInstanceOf(DecisionNoteRequired);
    expect(
      spec
        .given(given)
        .when({ type: 'RecordIdentityVerification', ...decision, practiceId: 'p2', method: 'in_person', note: '' })
        .error(),
    ).toBeInstanceOf(PatientNotFound);
  });

  it('changes the login phone, naming every practice the patient is connected with and how the new number compares with its record', () => {
    const given = [created, ...connectedByLink];
    expect(
      spec
        .given(given)
        .when({
          type: 'ChangePatientPhone',
          patientId: 'pt1',
          phone: '+14155550199',
          requestId: 'r1',
          verificationId: 'v2',
          at,
        })
        .events(),
    ).toEqual([
      {
        type: 'PatientPhoneChanged',
        data: {
          patientId: 'pt1',
          previousPhone: '+14155550100',
          phone: '+14155550199',
          requestId: 'r1',
          verificationId: 'v2',
          practiceIds: ['p1'],
          checks: { p1: { phone: 'differs', email: 'not_on_record', name: 'match' } },
          changedAt: at,
        },
      },
    ]);
    expect(
      spec
        .given(given)
        .when({
          type: 'ChangePatientPhone',
          patientId: 'pt1',
          phone: '+14155550100',
          requestId: 'r1',
          verificationId: 'v2',
          at,
        })
        .error(),
    ).toBeInstanceOf(SamePhone);
  });

  describe('when the patient signs out on the web', () => {
    const signOut = (sessionId: string, sessionExpiresAt: string, when = at) =>
      ({ type: 'SignOutPatient', patientId: 'pt1', sessionId, sessionExpiresAt, at: when }) as const;

    it('records that session as ended', () => {
      spec
        .given([created])
        .when(signOut('s1', '2026-11-27T10:30:00.000Z'))
        .then([
          {
            type: 'PatientSignedOut',
            data: { patientId: 'pt1', sessionId: 's1', sessionExpiresAt: '2026-11-27T10:30:00.000Z', signedOutAt: at },
          },
        ]);
    });

    it('keeps only the ended sessions that have not expired by themselves', () => {
      const first = spec.given([created]).when(signOut('s1', '2026-11-27T10:30:00.000Z')).events();
      const later = '2026-11-27T11:00:00.000Z';
      const second = spec
        .given([created, ...first])
        .when(signOut('s2', '2026-11-27T11:20:00.000Z', later))
        .events();
      const state = [created, ...first, ...second].reduce(patientDecider.evolve, patientDecider.initialState);
      expect(state.status === 'active' && state.signedOut).toEqual([
        { sessionId: 's2', expiresAt: '2026-11-27T11:20:00.000Z' },
      ]);
    });

    it('changes nothing for an erased account', () => {
      const erased = spec
        .given([created])
        .when({
          type: 'ErasePatientAccount',
          patientId: 'pt1',
          by: 'op1',
          reason: 'patient_request',
          reference: null,
          at,
        })
        .events();
      spec
        .given([created, ...erased])
        .when(signOut('s1', at))
        .thenNothingHappened();
    });
  });

  it('ends every web session started before a phone change', () => {
    const changed = spec
      .given([created])
      .when({
        type: 'ChangePatientPhone',
        patientId: 'pt1',
        phone: '+14155550199',
        requestId: 'r1',
        verificationId: 'v2',
        at,
      })
      .events();
    const state = [created, ...changed].reduce(patientDecider.evolve, patientDecider.initialState);
    expect(state.status === 'active' && state.sessionsEndedAt).toBe(at);
  });
});
