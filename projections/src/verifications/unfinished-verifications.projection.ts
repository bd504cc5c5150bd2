import {
  idsOfKind,
  PERSONAL_DATA_ERASED,
  type PersonalDataErased,
  type PhoneVerified,
  type VerificationCodeSent,
} from '@pi/domain';
import type { Projection } from '@pi/read-store';

/**
 * Phone verifications whose personal data is due to be shredded once old: every one that did not prove an
 * account (abandoned sign-ups, sign-ins, a phone change never finished). Ids, streams and times only.
 */
export interface UnfinishedVerificationDoc {
  /** The verification id. */
  id: string;
  /** Its phone's stream (named by the phone's keyed hash). */
  stream: string;
  startedAt: string;
}

export const unfinishedVerificationsProjection: Projection<
  UnfinishedVerificationDoc,
  VerificationCodeSent | PhoneVerified | PersonalDataErased
> = {
  name: 'unfinished-verifications',
  version: 1,
  indexes: [{ fields: ['startedAt'] }],
  eventTypes: ['VerificationCodeSent', 'PhoneVerified', PERSONAL_DATA_ERASED],
  documentId: (event) =>
    event.type === 'PersonalDataErased' ? idsOfKind('verification', event.data.subjects) : event.data.verificationId,
  evolve(doc, event) {
    switch (event.type) {
      case 'VerificationCodeSent':
        return doc ?? { id: event.data.verificationId, stream: event.streamId, startedAt: event.data.sentAt };
      case 'PhoneVerified':
        // The proof of an account (a sign-up, a phone change) is the account's, erased with it; a sign-in's is not.
        return event.data.purpose.kind === 'sign_in' ? doc : null;
      case 'PersonalDataErased':
        return null;
    }
  },
};
