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
  /** An address's consent to email at one practice (its stream is named by the address's hash). */
  emailConsent: (streamId: string) => `emailconsent:${streamId}`,
} as const;

/** The ids of one kind of subject among these (`idsOfKind('invitation', ['contact:c1', 'invitation:i1'])` → `['i1']`). */
export function idsOfKind(kind: keyof typeof subjects, among: readonly string[]): string[] {
  const prefix = subjects[kind]('');
  return among.filter((subject) => subject.startsWith(prefix)).map((subject) => subject.slice(prefix.length));
}
