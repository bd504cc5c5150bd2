import type { Decider, DomainEvent } from '../shared/decider.js';

/** What was read: a contact card, a patient, a conversation or its messages, identity evidence, or a list of them. */
export const PERSONAL_DATA_KINDS = ['contact', 'patient', 'conversation', 'messages', 'evidence'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/**
 * HIPAA 164.312(b), audit controls: every read of a patient's data is
 * recorded — who, when, from which address, through which route, and which
 * records (ids only, never a value). A list read is one event.
 */
export type PersonalDataRead = DomainEvent<
  'PersonalDataRead',
  {
    practiceId: string;
    /** A staff id or an operator id. */
    readerId: string;
    /** The route template, e.g. `GET /v1/contacts/:contactId`. */
    route: string;
    kind: PersonalDataKind;
    /** The ids of what was read (contacts, patients, conversations, evidence hashes). */
    subjectIds: string[];
    /** The patients whose data it was, where known: what an auditor asks by. */
    patientIds: string[];
    /** The address the request came from (the connecting one unless a trusted proxy says otherwise). */
    address: string | null;
    readAt: string;
  }
>;

export type RecordPersonalDataRead = { type: 'RecordPersonalDataRead'; at: string } & Omit<
  PersonalDataRead['data'],
  'readAt'
>;

/** Nothing to refuse: every read is recorded; a read of nothing (an empty page) records nothing. */
export const personalDataReadDecider: Decider<RecordPersonalDataRead, PersonalDataRead, null> = {
  initialState: null,
  evolve: (state) => state,
  decide: ({ type: _type, at, ...data }) =>
    data.subjectIds.length === 0 ? [] : [{ type: 'PersonalDataRead', data: { ...data, readAt: at } }],
};
