/**
 * The subjects personal data belongs to: each has its own data key, and
 * erasing one destroys its key (see personal-data.ts). Names are ids, never values.
 */
export const subjects = {
  /** A practice's record of a person (and the invitations' copies of it: see `invitation`). */
  contact: (contactId: string) => `contact:${contactId}`,
  /** The recipient details an invitation was sent to. */
  invitation: (invitationId: string) => `invitation:${invitationId}`,
  /** A patient account: what the patient signed up with, and staff notes on their identity. */
  patient: (patientId: string) => `patient:${patientId}`,
  /** A phone under verification, and what its sign-up carried (name, email). */
  verification: (verificationId: string) => `verification:${verificationId}`,
  /** The secure messages of one conversation: the practice's record of care. */
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  /** A number's consent to texts at one practice (its stream is named by the phone's keyed hash). */
  smsConsent: (streamId: string) => `smsconsent:${streamId}`,
} as const;
