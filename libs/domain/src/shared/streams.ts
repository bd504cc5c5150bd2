/**
 * What a reservation stream keeps unique. `practiceadmin` and `operatoremail`
 * make provisioning idempotent: the same admin or operator email finds what it made before.
 */
export type ReservationScope =
  'slug' | 'staffemail' | 'contactphone' | 'contactemail' | 'patientphone' | 'practiceadmin' | 'operatoremail';

/** Stream names: `{category}-{id}`. The category is everything before the first dash. */
export const streams = {
  practice: (practiceId: string) => `practice-${practiceId}`,
  staff: (staffId: string) => `staff-${staffId}`,
  /** An operator of the platform (belongs to no practice). */
  operator: (operatorId: string) => `operator-${operatorId}`,
  team: (teamId: string) => `team-${teamId}`,
  link: (linkId: string) => `link-${linkId}`,
  contact: (contactId: string) => `contact-${contactId}`,
  invitation: (invitationId: string) => `invitation-${invitationId}`,
  /** Consent to text one number, per practice; the phone appears only hashed in the name. */
  smsConsent: (practiceId: string, phoneHash: string) => `smsconsent-${practiceId}_${phoneHash}`,
  /** Consent to email one address, per practice; the address appears only hashed in the name. */
  emailConsent: (practiceId: string, emailHash: string) => `emailconsent-${practiceId}_${emailHash}`,
  /** One text the SMS provider posted to us, by its message id: a replay finds it there and changes nothing. */
  smsMessage: (messageId: string) => `smsmessage-${messageId}`,
  patient: (patientId: string) => `patient-${patientId}`,
  conversation: (conversationId: string) => `conversation-${conversationId}`,
  /** Every code sent to one phone (named by its hash), so the per-phone limits are one stream's rule. */
  phoneVerification: (phoneHash: string) => `phoneverification-${phoneHash}`,
  phoneChange: (requestId: string) => `phonechange-${requestId}`,
  /** Identity evidence a practice uploaded (by its sha256): the file is the practice's, and only its. */
  evidence: (practiceId: string, sha256: string) => `evidence-${practiceId}_${sha256}`,
  /** Who read the identity audit, per practice and UTC day. */
  auditReads: (practiceId: string, day: string) => `auditreads-${practiceId}_${day}`,
  /** The identity audit's signed chain heads, per practice. */
  auditChain: (practiceId: string) => `auditchain-${practiceId}`,
  /** Who read personal data (contact cards, patients, conversations, evidence), per practice and UTC day. */
  personalDataReads: (practiceId: string, day: string) => `phireads-${practiceId}_${day}`,
  /** One staff member's saved inbox filters. */
  inboxFilters: (staffId: string) => `inboxfilters-${staffId}`,
  /** Page views of a link, one stream per link and UTC day, so the link's own stream stays small. */
  linkViews: (linkId: string, day: string) => `linkviews-${linkId}_${day}`,
  /**
   * Reservation streams keep cross-stream uniqueness rules: one stream per unique key,
   * named for what it reserves (`slug-brown-clinic`, `staffemail-<hash>`, `contactphone-<hash>`,
   * `patientphone-<hash>`: one patient account per verified phone).
   */
  reservation: (scope: ReservationScope, key: string) => `${scope}-${key}`,
} as const;

/** The stream whose existence proves a reservation's holder came into existence. */
export function holderStreamOf(scope: ReservationScope, holderId: string): string {
  switch (scope) {
    case 'slug':
      return streams.link(holderId);
    case 'staffemail':
      return streams.staff(holderId);
    case 'contactphone':
    case 'contactemail':
      return streams.contact(holderId);
    case 'patientphone':
      return streams.patient(holderId);
    case 'practiceadmin':
      return streams.practice(holderId);
    case 'operatoremail':
      return streams.operator(holderId);
  }
}

export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}
