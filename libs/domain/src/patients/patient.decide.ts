import type { Decider } from '../shared/decider.js';
import { subjects } from '../privacy/subjects.js';
import { compareIdentity } from './identity.js';
import type {
  ErasePatientAccount,
  ChangePatientPhone,
  ConnectPatient,
  FlagIdentityMismatch,
  PatientCommand,
  RecordIdentityVerification,
  ResolveIdentityMismatch,
} from './patient.commands.js';
import {
  DecisionNoteRequired,
  MismatchAlreadyFlagged,
  NoMismatchFlagged,
  PatientAccountExists,
  PatientNotFound,
  SamePhone,
} from './patient.errors.js';
import type { PatientEvent } from './patient.events.js';
import { evolvePatient, initialPatientState, type Connection, type PatientState } from './patient.state.js';

type Active = Extract<PatientState, { status: 'active' }>;

function active(state: PatientState, patientId: string): Active {
  if (state.status !== 'active') throw new PatientNotFound(patientId);
  return state;
}

/** A practice sees only its own patients: not connected reads as not found. */
function connection(
  state: PatientState,
  c: { patientId: string; practiceId: string },
): { patient: Active; connection: Connection } {
  const patient = active(state, c.patientId);
  const found = patient.connections[c.practiceId];
  if (!found) throw new PatientNotFound(c.patientId);
  return { patient, connection: found };
}

/**
 * Connecting twice to the same practice (signing in again through its link, a
 * retried form) changes nothing. Proven contact data is "verified by invite";
 * everything else starts unverified.
 */
function connect(c: ConnectPatient, state: PatientState): PatientEvent[] {
  const patient = active(state, c.patientId);
  if (patient.connections[c.practiceId]) return [];
  const { type: _type, at, invitationTokenUnproven, ...data } = c;
  const identityStatus = c.via === 'invitation' && c.provenBy ? 'verified_by_invite' : 'unverified_link';
  const events: PatientEvent[] = [{ type: 'PatientConnected', data: { ...data, identityStatus, connectedAt: at } }];
  if (c.via === 'link') {
    const { patientId, practiceId, linkId, contactId, conversationId, contactMatch } = c;
    events.push({
      type: 'LinkClaimed',
      data: {
        patientId,
        practiceId,
        linkId,
        contactId,
        conversationId,
        contactMatch,
        invitationTokenUnproven,
        claimedAt: at,
      },
    });
  }
  return events;
}

function decision(c: RecordIdentityVerification | FlagIdentityMismatch | ResolveIdentityMismatch, found: Connection) {
  return {
    patientId: c.patientId,
    practiceId: c.practiceId,
    contactId: found.contactId,
    conversationId: found.conversationId,
    by: c.by,
    note: c.note.trim(),
    previousStatus: found.identity,
  };
}

function verify(c: RecordIdentityVerification, state: PatientState): PatientEvent[] {
  const { connection: found } = connection(state, c);
  if (found.identity === 'mismatch_flagged') throw new MismatchAlreadyFlagged();
  if (c.method === 'other' && !c.note.trim()) throw new DecisionNoteRequired("when the method is 'other'");
  return [
    {
      type: 'IdentityVerified',
      data: { ...decision(c, found), status: 'verified_by_staff', method: c.method, verifiedAt: c.at },
    },
  ];
}

function flag(c: FlagIdentityMismatch, state: PatientState): PatientEvent[] {
  const { connection: found } = connection(state, c);
  if (found.identity === 'mismatch_flagged') throw new MismatchAlreadyFlagged();
  if (!c.note.trim()) throw new DecisionNoteRequired('to say what differs');
  return [
    {
      type: 'IdentityMismatchFlagged',
      data: { ...decision(c, found), status: 'mismatch_flagged', differs: [...new Set(c.differs)], flaggedAt: c.at },
    },
  ];
}

/** Resolving returns to the status before the flag; a verification, if one follows, is its own decision. */
function resolve(c: ResolveIdentityMismatch, state: PatientState): PatientEvent[] {
  const { connection: found } = connection(state, c);
  if (found.identity !== 'mismatch_flagged') throw new NoMismatchFlagged();
  if (!c.note.trim()) throw new DecisionNoteRequired('to say how the mismatch was resolved');
  return [
    {
      type: 'IdentityMismatchResolved',
      data: { ...decision(c, found), status: found.beforeFlag ?? 'unverified_link', resolvedAt: c.at },
    },
  ];
}

function changePhone(c: ChangePatientPhone, state: PatientState): PatientEvent[] {
  const patient = active(state, c.patientId);
  if (patient.phone === c.phone) throw new SamePhone();
  return [
    {
      type: 'PatientPhoneChanged',
      data: {
        patientId: c.patientId,
        previousPhone: patient.phone,
        phone: c.phone,
        requestId: c.requestId,
        verificationId: c.verificationId,
        practiceIds: Object.keys(patient.connections),
        checks: Object.fromEntries(
          Object.entries(patient.connections).map(([practiceId, connection]) => [
            practiceId,
            compareIdentity({ name: patient.name, phone: c.phone, email: patient.email }, connection.record),
          ]),
        ),
        changedAt: c.at,
      },
    },
  ];
}

/** The account's subjects (and the verification of its sign-up) lose their keys; the practices' records say erased. */
function erase(c: ErasePatientAccount, state: PatientState): PatientEvent[] {
  if (state.status === 'erased') return [];
  const patient = active(state, c.patientId);
  return [
    {
      type: 'PersonalDataErased',
      data: {
        kind: 'patient',
        id: patient.patientId,
        practiceId: null,
        practiceIds: Object.keys(patient.connections),
        subjects: [subjects.patient(patient.patientId), ...patient.verificationIds.map(subjects.verification)],
        by: c.by,
        reason: c.reason,
        reference: c.reference,
        erasedAt: c.at,
      },
    },
  ];
}

export function decidePatient(command: PatientCommand, state: PatientState): PatientEvent[] {
  switch (command.type) {
    case 'ErasePatientAccount':
      return erase(command, state);
    case 'CreateAccount': {
      if (state.status !== 'none') {
        // A retried sign-up for the same verification changes nothing.
        if (state.status === 'active' && state.phone === command.phone) return [];
        throw new PatientAccountExists(command.patientId);
      }
      const { type: _type, at, ...data } = command;
      return [{ type: 'PatientAccountCreated', data: { ...data, createdAt: at } }];
    }
    case 'ConnectPatient':
      return connect(command, state);
    case 'RecordIdentityVerification':
      return verify(command, state);
    case 'FlagIdentityMismatch':
      return flag(command, state);
    case 'ResolveIdentityMismatch':
      return resolve(command, state);
    case 'ChangePatientPhone':
      return changePhone(command, state);
    case 'SignOutPatient':
      // An erased or unknown account has no sessions left to end.
      return state.status === 'active'
        ? [
            {
              type: 'PatientSignedOut',
              data: {
                patientId: state.patientId,
                sessionId: command.sessionId,
                sessionExpiresAt: command.sessionExpiresAt,
                signedOutAt: command.at,
              },
            },
          ]
        : [];
  }
}

export const patientDecider: Decider<PatientCommand, PatientEvent, PatientState> = {
  decide: decidePatient,
  evolve: evolvePatient,
  initialState: initialPatientState,
};
