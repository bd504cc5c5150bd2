import { emailMatchKey } from '../shared/email.js';
import type { PersonDetails } from './identity.js';

/** A contact of the practice, as pairing sees it. */
export interface PairingCandidate {
  contactId: string;
  /** The patient it is already paired with, if any. */
  patientId: string | null;
  details: PersonDetails;
}

/** The invitation the patient came with, when its token is live (pending, the current token, not expired). */
export interface LiveInvitation {
  invitationId: string;
  tokenHash: string;
  /** Where the token went. */
  to: { phone: string | null; email: string | null };
  channels: readonly ('sms' | 'email')[];
  contact: PairingCandidate | null;
}

export interface PairingFacts {
  patientId: string;
  /** What the patient typed at this practice, with the phone they verified. */
  patient: PersonDetails;
  /** Their token named an invitation of this practice (live or not). */
  cameWithToken: boolean;
  invitation: LiveInvitation | null;
  /** A contact an earlier, interrupted pass created for this patient. */
  createdBefore: string | null;
  /** The contacts holding the patient's phone and email in this practice. */
  byPhone: PairingCandidate | null;
  byEmail: PairingCandidate | null;
}

export type Pairing =
  | {
      contactMatch: 'invitation';
      contactId: string;
      record: PersonDetails;
      invitation: { invitationId: string; tokenHash: string; provenBy: 'phone' | 'email' };
    }
  | { contactMatch: 'phone' | 'email'; contactId: string; record: PersonDetails; invitation: null }
  | { contactMatch: 'created'; contactId: string | null; record: null; invitation: null };

/**
 * What the patient proved of the contact data the practice gave: the phone,
 * when the invitation went to the number they just verified; the email, only
 * when the invitation went by email alone to the address they typed (with an
 * SMS too, the email proves nothing the phone does not).
 */
export function invitationProof(
  invitation: Pick<LiveInvitation, 'to' | 'channels'>,
  patient: PersonDetails,
): 'phone' | 'email' | null {
  if (invitation.to.phone !== null && invitation.to.phone === patient.phone) return 'phone';
  const emailOnly = invitation.channels.includes('email') && !invitation.channels.includes('sms');
  if (
    emailOnly &&
    invitation.to.email !== null &&
    patient.email !== null &&
    emailMatchKey(invitation.to.email) === emailMatchKey(patient.email)
  )
    return 'email';
  return null;
}

const free = (candidate: PairingCandidate | null, patientId: string): candidate is PairingCandidate =>
  candidate !== null && (candidate.patientId === null || candidate.patientId === patientId);

/**
 * Which of the practice's contacts a patient who signed up is. An invitation
 * pairs its contact only when the patient proved its phone or email;
 * otherwise the patient is matched by verified phone, then email ("matched,
 * unverified"), or becomes a new contact (`contactId` null: create one). A
 * contact already paired with another patient is never taken.
 */
export function choosePairing(facts: PairingFacts): Pairing & { invitationTokenUnproven: boolean } {
  const { invitation, patientId } = facts;
  if (invitation && free(invitation.contact, patientId)) {
    const provenBy = invitationProof(invitation, facts.patient);
    if (provenBy) {
      const { invitationId, tokenHash } = invitation;
      return {
        contactMatch: 'invitation',
        contactId: invitation.contact.contactId,
        record: invitation.contact.details,
        invitation: { invitationId, tokenHash, provenBy },
        invitationTokenUnproven: false,
      };
    }
  }
  const invitationTokenUnproven = facts.cameWithToken;
  // A pass that crashed after creating this patient's contact: it is the one (not a "match" with itself).
  if (facts.createdBefore)
    return {
      contactMatch: 'created',
      contactId: facts.createdBefore,
      record: null,
      invitation: null,
      invitationTokenUnproven,
    };
  if (free(facts.byPhone, patientId))
    return {
      contactMatch: 'phone',
      contactId: facts.byPhone.contactId,
      record: facts.byPhone.details,
      invitation: null,
      invitationTokenUnproven,
    };
  if (free(facts.byEmail, patientId))
    return {
      contactMatch: 'email',
      contactId: facts.byEmail.contactId,
      record: facts.byEmail.details,
      invitation: null,
      invitationTokenUnproven,
    };
  return { contactMatch: 'created', contactId: null, record: null, invitation: null, invitationTokenUnproven };
}
