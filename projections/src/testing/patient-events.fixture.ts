import type { PatientEvent, PatientSignedOut } from '@pi/domain';
import { recorded } from '@pi/read-store';

export const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`;

/** Events are made when called, so their positions follow the order a spec lists them in. */

/** A patient's connection with practice p1 through an invitation, for read-model specs. */
export const connected = (overrides: { patientId?: string; practiceId?: string } = {}) =>
  recorded<Exclude<PatientEvent, PatientSignedOut>>(
    {
      type: 'PatientConnected',
      data: {
        patientId: overrides.patientId ?? 'pt1',
        practiceId: overrides.practiceId ?? 'p1',
        via: 'invitation',
        linkId: 'l1',
        invitationId: 'i1',
        provenBy: 'phone',
        contactId: 'c1',
        contactMatch: 'invitation',
        conversationId: 'cv1',
        verificationId: 'v1',
        phoneVerifiedAt: at(1),
        account: { name: 'Jane Doe', phone: '+14155550100', email: 'jane@example.com' },
        record: { name: 'Jane Doe', phone: '+14155550100', email: 'jane@example.com' },
        checks: { phone: 'match', email: 'match', name: 'match' },
        identityStatus: 'verified_by_invite',
        smsConsentWording: 'I agree to receive texts',
        invitationTokenHash: 'h1',
        connectedAt: at(1),
      },
    },
    { streamId: `patient-${overrides.patientId ?? 'pt1'}` },
  );

const decision = {
  patientId: 'pt1',
  practiceId: 'p1',
  contactId: 'c1',
  conversationId: 'cv1',
  by: 'staff-1',
  note: 'Checked the chart',
};

export const flagged = () =>
  recorded<Exclude<PatientEvent, PatientSignedOut>>(
    {
      type: 'IdentityMismatchFlagged',
      data: {
        ...decision,
        previousStatus: 'verified_by_invite',
        status: 'mismatch_flagged',
        differs: ['email'],
        flaggedAt: at(2),
      },
    },
    { streamId: 'patient-pt1' },
  );
export const resolved = () =>
  recorded<Exclude<PatientEvent, PatientSignedOut>>(
    {
      type: 'IdentityMismatchResolved',
      data: { ...decision, previousStatus: 'mismatch_flagged', status: 'verified_by_invite', resolvedAt: at(3) },
    },
    { streamId: 'patient-pt1' },
  );
export const phoneChanged = () =>
  recorded<Exclude<PatientEvent, PatientSignedOut>>(
    {
      type: 'PatientPhoneChanged',
      data: {
        patientId: 'pt1',
        previousPhone: '+14155550100',
        phone: '+14155550199',
        requestId: 'r1',
        verificationId: 'v2',
        practiceIds: ['p1', 'p2'],
        changedAt: at(4),
      },
    },
    { streamId: 'patient-pt1' },
  );
