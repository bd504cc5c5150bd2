import type { IdentityStatus, PersonDetails } from './identity.js';
import type { ConnectionVia, PatientEvent } from './patient.events.js';

export interface Connection {
  via: ConnectionVia;
  invitationId: string | null;
  provenBy: 'phone' | 'email' | null;
  contactId: string;
  conversationId: string;
  /** The link the patient came through (the conversation's link). */
  linkId: string;
  invitationTokenHash: string | null;
  identity: IdentityStatus;
  /** The status to return to when a flagged mismatch is resolved. */
  beforeFlag: IdentityStatus | null;
  /** The practice's record the patient was compared with when they connected. */
  record: PersonDetails | null;
}

export type PatientState =
  | { status: 'none' }
  | {
      status: 'active';
      patientId: string;
      name: string;
      phone: string;
      email: string;
      /** The verifications that proved its phones (the sign-up's first, then each phone change's). */
      verificationIds: readonly string[];
      connections: Readonly<Record<string, Connection>>;
      /** Web sessions started at or before this moment are over (a phone change); null: none ended so. */
      sessionsEndedAt: string | null;
      /** Sessions signed out that would not have expired yet (older ones fall off: they end by themselves). */
      signedOut: readonly { sessionId: string; expiresAt: string }[];
    }
  /** The account's personal data was erased: no one signs in to it, nothing more is recorded about it. */
  | { status: 'erased'; patientId: string };

export const initialPatientState: PatientState = { status: 'none' };

export function evolvePatient(state: PatientState, event: PatientEvent): PatientState {
  if (event.type === 'PatientAccountCreated') {
    const { patientId, name, phone, email, verificationId } = event.data;
    return {
      status: 'active',
      patientId,
      name,
      phone,
      email,
      verificationIds: [verificationId],
      connections: {},
      sessionsEndedAt: null,
      signedOut: [],
    };
  }
  if (state.status !== 'active') return state;
  const withConnection = (practiceId: string, change: Partial<Connection>): PatientState => {
    const current = state.connections[practiceId];
    return current
      ? { ...state, connections: { ...state.connections, [practiceId]: { ...current, ...change } } }
      : state;
  };
  switch (event.type) {
    case 'PatientConnected': {
      const { practiceId, via, invitationId, provenBy, contactId, conversationId, linkId, identityStatus } = event.data;
      const invitationTokenHash = event.data.invitationTokenHash ?? null;
      return {
        ...state,
        connections: {
          ...state.connections,
          [practiceId]: {
            via,
            invitationId,
            provenBy,
            contactId,
            conversationId,
            linkId,
            invitationTokenHash,
            identity: identityStatus,
            beforeFlag: null,
            record: event.data.record,
          },
        },
      };
    }
    case 'LinkClaimed':
      return state;
    case 'IdentityVerified':
      return withConnection(event.data.practiceId, { identity: event.data.status });
    case 'IdentityMismatchFlagged':
      return withConnection(event.data.practiceId, {
        identity: event.data.status,
        beforeFlag: event.data.previousStatus,
      });
    case 'IdentityMismatchResolved':
      return withConnection(event.data.practiceId, { identity: event.data.status, beforeFlag: null });
    case 'PatientPhoneChanged':
      return {
        ...state,
        phone: event.data.phone,
        verificationIds: [...state.verificationIds, event.data.verificationId],
        // A lost phone may be in someone else's hands: its sessions end with the change.
        sessionsEndedAt: event.data.changedAt,
      };
    case 'PatientSignedOut': {
      const { sessionId, sessionExpiresAt, signedOutAt } = event.data;
      const stillRunning = state.signedOut.filter((s) => s.expiresAt > signedOutAt);
      return { ...state, signedOut: [...stillRunning, { sessionId, expiresAt: sessionExpiresAt }] };
    }
    case 'PersonalDataErased':
      return { status: 'erased', patientId: state.patientId };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
