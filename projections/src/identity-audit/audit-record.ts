import type {
  ContactPaired,
  ContactUpdated,
  IdentityAuditRead,
  InviteAccepted,
  PatientEvent,
  PatientSignedOut,
  PhoneChangeEvent,
  PersonalDataErased,
} from '@pi/domain';

/** A sign-out ends web sessions: an access fact, not an identity decision. */
export type AuditedEvent =
  | Exclude<PatientEvent, PatientSignedOut>
  | InviteAccepted
  | ContactPaired
  | ContactUpdated
  | PhoneChangeEvent
  | IdentityAuditRead
  | PersonalDataErased;

/** Which practices' auditors see an event, and about which patient. Null: not part of the identity audit. */
export function auditScope(event: AuditedEvent): { practiceIds: string[]; patientId: string | null } | null {
  switch (event.type) {
    case 'PatientAccountCreated':
      return { practiceIds: [event.data.signedUpAt.practiceId], patientId: event.data.patientId };
    case 'PatientPhoneChanged':
    case 'PhoneChangeRequested':
    case 'PhoneChangeApproved':
    case 'PhoneChangeRejected':
    case 'PhoneChangeCompleted':
      return event.data.practiceIds.length
        ? { practiceIds: event.data.practiceIds, patientId: event.data.patientId }
        : null;
    case 'ContactUpdated':
      return event.data.pairedWith
        ? { practiceIds: [event.data.pairedWith.practiceId], patientId: event.data.pairedWith.patientId }
        : null;
    case 'IdentityAuditRead':
      return { practiceIds: [event.data.practiceId], patientId: event.data.patientId };
    case 'PersonalDataErased':
      return event.data.kind === 'patient' && event.data.practiceIds?.length
        ? { practiceIds: event.data.practiceIds, patientId: event.data.id }
        : null;
    default:
      return { practiceIds: [event.data.practiceId], patientId: event.data.patientId };
  }
}

/** The identity status an event left the connection in, when the event decides it. */
export function statusAfter(event: AuditedEvent): string | null {
  switch (event.type) {
    case 'PatientConnected':
      return event.data.identityStatus;
    case 'IdentityVerified':
    case 'IdentityMismatchFlagged':
    case 'IdentityMismatchResolved':
      return event.data.status;
    default:
      return null;
  }
}

/** One sentence an auditor can read without the schema. */
export function summarize(event: AuditedEvent): string {
  switch (event.type) {
    case 'PatientAccountCreated':
      return `Patient account created; phone ${event.data.phone} proved by a 6-digit SMS code (verification ${event.data.verificationId}).`;
    case 'PatientConnected': {
      const c = event.data;
      const how =
        c.via === 'invitation'
          ? `through invitation ${c.invitationId}, proving the ${c.provenBy} the practice gave`
          : `through link ${c.linkId}; only the patient's own phone was checked`;
      const checks = `phone ${c.checks.phone}, email ${c.checks.email}, name ${c.checks.name}`;
      return `Connected ${how}. Paired with contact ${c.contactId} (${c.contactMatch === 'created' ? 'new contact created' : `matched by ${c.contactMatch}`}); against the practice's records: ${checks}. Identity: ${c.identityStatus}.`;
    }
    case 'LinkClaimed':
      return `Link ${event.data.linkId} claimed: anyone holding the link can pair${event.data.invitationTokenUnproven ? '; an invitation token was presented but its contact data was not proven' : ''}.`;
    case 'InviteAccepted':
      return `Invitation ${event.data.invitationId} accepted; the patient proved the ${event.data.provenBy} the practice gave.`;
    case 'ContactPaired':
      return `Contact ${event.data.contactId} paired with the patient.`;
    case 'ContactUpdated':
      return `Practice's record (contact ${event.data.contactId}) changed: ${Object.keys(event.data.changes).join(', ')}. The patient's login phone and email are unchanged.`;
    case 'IdentityVerified':
      return `Identity verified by staff ${event.data.by} (${event.data.method})${event.data.note ? `: ${event.data.note}` : ''}.`;
    case 'IdentityMismatchFlagged':
      return `Mismatch flagged by staff ${event.data.by} (${event.data.differs.join(', ')} differ): ${event.data.note}.`;
    case 'IdentityMismatchResolved':
      return `Mismatch resolved by staff ${event.data.by}: ${event.data.note}. Identity: ${event.data.status}.`;
    case 'PatientPhoneChanged':
      return `Login phone changed from ${event.data.previousPhone} to ${event.data.phone} (request ${event.data.requestId}; new number proved by code).`;
    case 'PhoneChangeRequested':
      return `Phone change requested by ${event.data.requestedBy} for ${event.data.newPhone}, with face-and-ID evidence sha256 ${event.data.evidence.sha256} (${event.data.evidence.size} bytes).`;
    case 'PhoneChangeApproved':
      return `Phone change request ${event.data.requestId} approved by ${event.data.by}${event.data.reason ? `: ${event.data.reason}` : ''}; a code was sent to the new number.`;
    case 'PhoneChangeRejected':
      return `Phone change request ${event.data.requestId} rejected by ${event.data.by}: ${event.data.reason}.`;
    case 'PhoneChangeCompleted':
      return `Phone change request ${event.data.requestId} completed: the new number proved by code.`;
    case 'IdentityAuditRead':
      return event.data.period
        ? `Auditor ${event.data.auditorId} exported the identity audit for ${event.data.period.from} – ${event.data.period.to}.`
        : `Auditor ${event.data.auditorId} read this patient's identity history.`;
    case 'PersonalDataErased':
      return `The patient's personal data was erased by ${event.data.by} (${event.data.reason}${event.data.reference ? `, reference ${event.data.reference}` : ''}); the facts of every decision remain.`;
    default: {
      const unknown: never = event;
      return String(unknown);
    }
  }
}
