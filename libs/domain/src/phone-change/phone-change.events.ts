import type { DomainEvent } from '../shared/decider.js';

/** The face-with-ID photo lives in a content-addressed file store; events keep only its hash and size. */
export interface EvidenceRef {
  sha256: string;
  size: number;
  contentType: string;
}

interface OnRequest {
  requestId: string;
  patientId: string;
  /** The practices the patient was connected with when the request was filed: whose auditors see it. */
  practiceIds: string[];
}

export type PhoneChangeRequested = DomainEvent<
  'PhoneChangeRequested',
  OnRequest & {
    name: string;
    newPhone: string;
    evidence: EvidenceRef;
    requestedBy: string;
    /** The practice that filed it for the patient (absent on requests filed before it was recorded). */
    filedByPracticeId?: string;
    requestedAt: string;
  }
>;
/** Approval sends a code to the new number; the change takes effect only once it is verified. */
export type PhoneChangeApproved = DomainEvent<
  'PhoneChangeApproved',
  OnRequest & { by: string; reason: string; verificationId: string; approvedAt: string }
>;
export type PhoneChangeRejected = DomainEvent<
  'PhoneChangeRejected',
  OnRequest & { by: string; reason: string; rejectedAt: string }
>;
export type PhoneChangeCompleted = DomainEvent<
  'PhoneChangeCompleted',
  OnRequest & { verificationId: string; completedAt: string }
>;

export type PhoneChangeEvent = PhoneChangeRequested | PhoneChangeApproved | PhoneChangeRejected | PhoneChangeCompleted;
export const PHONE_CHANGE_EVENT_TYPES = [
  'PhoneChangeRequested',
  'PhoneChangeApproved',
  'PhoneChangeRejected',
  'PhoneChangeCompleted',
] as const satisfies readonly PhoneChangeEvent['type'][];

export type PhoneChangeCommand =
  | ({ type: 'RequestPhoneChange'; at: string } & Omit<PhoneChangeRequested['data'], 'requestedAt'>)
  | { type: 'ApprovePhoneChange'; requestId: string; by: string; reason: string; verificationId: string; at: string }
  | { type: 'RejectPhoneChange'; requestId: string; by: string; reason: string; at: string }
  | { type: 'CompletePhoneChange'; requestId: string; verificationId: string; at: string };
