import type { ErasureReason } from '../privacy/personal-data-erased.js';
import type { MismatchField, VerificationMethod } from './identity.js';
import type { PatientAccountCreated, PatientConnected } from './patient.events.js';

interface OnPatient {
  patientId: string;
  at: string;
}

export interface CreateAccount extends OnPatient, Omit<PatientAccountCreated['data'], 'createdAt'> {
  type: 'CreateAccount';
}

/** Everything the pairing decided (contact, match, proof) arrives worked out by the onboarding. */
export interface ConnectPatient extends OnPatient, Omit<PatientConnected['data'], 'connectedAt' | 'identityStatus'> {
  type: 'ConnectPatient';
  invitationTokenUnproven: boolean;
}

interface StaffDecision extends OnPatient {
  practiceId: string;
  by: string;
  note: string;
}
export interface RecordIdentityVerification extends StaffDecision {
  type: 'RecordIdentityVerification';
  method: VerificationMethod;
}
export interface FlagIdentityMismatch extends StaffDecision {
  type: 'FlagIdentityMismatch';
  differs: MismatchField[];
}
export interface ResolveIdentityMismatch extends StaffDecision {
  type: 'ResolveIdentityMismatch';
}

export interface ChangePatientPhone extends OnPatient {
  type: 'ChangePatientPhone';
  phone: string;
  requestId: string;
  verificationId: string;
}

/** The patient signs out on the web: that session ends. */
export interface SignOutPatient extends OnPatient {
  type: 'SignOutPatient';
  sessionId: string;
  sessionExpiresAt: string;
}

/** An operator erases the account's personal data (on the patient's request, or when it was made in error). */
export interface ErasePatientAccount {
  type: 'ErasePatientAccount';
  patientId: string;
  by: string;
  reason: ErasureReason;
  reference: string | null;
  at: string;
}

export type PatientCommand =
  | ErasePatientAccount
  | SignOutPatient
  | CreateAccount
  | ConnectPatient
  | RecordIdentityVerification
  | FlagIdentityMismatch
  | ResolveIdentityMismatch
  | ChangePatientPhone;
