import type { Decider } from '../shared/decider.js';
import { subjects } from '../privacy/subjects.js';
import { requirePhone, type Phone } from '../shared/phone.js';
import { requireTag, sameTag } from '../links/tag.js';
import type {
  ContactCommand,
  CreateContact,
  EraseContact,
  InviteContact,
  PairContact,
  TagContact,
  UntagContact,
  UpdateContact,
} from './contact.commands.js';
import {
  ContactAlreadyExists,
  ContactConnected,
  ContactErased,
  ContactNotFound,
  ContactPairedWithAnotherPatient,
  ContactTagAlreadyApplied,
  ContactTagNotApplied,
  InviteCapReached,
  PatientAlreadyConnected,
} from './contact.errors.js';
import type { ContactEvent, ContactUpdated } from './contact.events.js';
import { evolveContact, initialContactState, type ContactState } from './contact.state.js';

type ActiveContact = Extract<ContactState, { status: 'active' }>;

function existing(state: ContactState, command: { contactId: string; practiceId: string }): ActiveContact {
  if (state.status === 'absent' || state.practiceId !== command.practiceId)
    throw new ContactNotFound(command.contactId);
  if (state.status === 'erased') throw new ContactErased(command.contactId);
  return state;
}

const phoneOf = (text: string | null, country: string): Phone | null =>
  text === null || text.trim() === '' ? null : requirePhone(text, country, 'phone');
const emailOf = (text: string | null): string | null => (text === null || text.trim() === '' ? null : text.trim());

function create(c: CreateContact, state: ContactState): ContactEvent[] {
  // Invite New Patient retried (same ids): the contact and its send are already recorded.
  if (
    c.invite &&
    state.status === 'active' &&
    state.practiceId === c.practiceId &&
    state.sends.some((s) => s.sendId === c.invite!.sendId)
  )
    return [];
  if (state.status !== 'absent') throw new ContactAlreadyExists(c.contactId);
  const tags: string[] = [];
  for (const tag of c.tags.map(requireTag)) if (!tags.some((t) => sameTag(t, tag))) tags.push(tag);
  const created: ContactEvent = {
    type: 'ContactCreated',
    data: {
      contactId: c.contactId,
      practiceId: c.practiceId,
      name: c.name.trim(),
      phone: phoneOf(c.phone, c.defaultCountry),
      email: emailOf(c.email),
      tags,
      source: c.source,
      createdAt: c.at,
    },
  };
  if (!c.invite) return [created];
  return [
    created,
    ...invite(
      { type: 'InviteContact', contactId: c.contactId, practiceId: c.practiceId, at: c.at, ...c.invite },
      evolveContact(state, created),
    ),
  ];
}

function update(c: UpdateContact, state: ContactState): ContactEvent[] {
  const contact = existing(state, c);
  const changes: ContactUpdated['data']['changes'] = {};
  if (c.name !== undefined && c.name.trim() !== contact.name) changes.name = c.name.trim();
  if (c.phone !== undefined) {
    const phone = phoneOf(c.phone, c.defaultCountry);
    if (phone?.e164 !== contact.phone?.e164 || phone?.extension !== contact.phone?.extension) changes.phone = phone;
  }
  if (c.email !== undefined && emailOf(c.email) !== contact.email) changes.email = emailOf(c.email);
  if (Object.keys(changes).length === 0) return [];
  return [
    {
      type: 'ContactUpdated',
      data: {
        contactId: contact.contactId,
        changes,
        updatedAt: c.at,
        ...(contact.patientId ? { pairedWith: { practiceId: contact.practiceId, patientId: contact.patientId } } : {}),
      },
    },
  ];
}

function tag(c: TagContact, state: ContactState): ContactEvent[] {
  const contact = existing(state, c);
  const name = requireTag(c.tag);
  if (contact.tags.some((t) => sameTag(t, name))) throw new ContactTagAlreadyApplied(name);
  return [{ type: 'ContactTagged', data: { contactId: contact.contactId, tag: name, taggedAt: c.at } }];
}

function untag(c: UntagContact, state: ContactState): ContactEvent[] {
  const contact = existing(state, c);
  const applied = contact.tags.find((t) => sameTag(t, c.tag.trim()));
  if (applied === undefined) throw new ContactTagNotApplied(c.tag.trim());
  return [{ type: 'ContactUntagged', data: { contactId: contact.contactId, tag: applied, untaggedAt: c.at } }];
}

function invite(c: InviteContact, state: ContactState): ContactEvent[] {
  const contact = existing(state, c);
  if (contact.sends.some((s) => s.sendId === c.sendId)) return []; // a retried request: counted and recorded already
  if (contact.patientId) throw new PatientAlreadyConnected(contact.contactId, contact.patientId);
  const now = Date.parse(c.at);
  const windowMs = c.cap.windowHours * 3600_000;
  const recent = contact.invitedAt.filter((t) => Date.parse(t) > now - windowMs);
  if (recent.length >= c.cap.max) {
    const oldest = Date.parse(recent[recent.length - c.cap.max]);
    throw new InviteCapReached(c.cap.max, c.cap.windowHours, Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)));
  }
  return [
    {
      type: 'ContactInvited',
      data: {
        contactId: contact.contactId,
        invitationId: c.invitationId,
        invitedAt: c.at,
        sendId: c.sendId,
        send: c.send,
      },
    },
  ];
}

function pair(c: PairContact, state: ContactState): ContactEvent[] {
  const contact = existing(state, c);
  if (contact.patientId === c.patientId) return [];
  if (contact.patientId) throw new ContactPairedWithAnotherPatient(contact.contactId);
  return [
    {
      type: 'ContactPaired',
      data: { contactId: contact.contactId, practiceId: contact.practiceId, patientId: c.patientId, pairedAt: c.at },
    },
  ];
}

function erase(c: EraseContact, state: ContactState): ContactEvent[] {
  if (state.status === 'erased' && state.practiceId === c.practiceId) return [];
  const contact = existing(state, c);
  if (contact.patientId && !c.withAccount) throw new ContactConnected(contact.contactId, contact.patientId);
  return [
    {
      type: 'PersonalDataErased',
      data: {
        kind: 'contact',
        id: contact.contactId,
        practiceId: contact.practiceId,
        subjects: [subjects.contact(contact.contactId), ...contact.invitationIds.map(subjects.invitation)],
        by: c.by,
        reason: c.reason,
        reference: c.reference,
        erasedAt: c.at,
      },
    },
  ];
}

export function decideContact(command: ContactCommand, state: ContactState): ContactEvent[] {
  switch (command.type) {
    case 'CreateContact':
      return create(command, state);
    case 'UpdateContact':
      return update(command, state);
    case 'TagContact':
      return tag(command, state);
    case 'UntagContact':
      return untag(command, state);
    case 'InviteContact':
      return invite(command, state);
    case 'PairContact':
      return pair(command, state);
    case 'EraseContact':
      return erase(command, state);
  }
}

export const contactDecider: Decider<ContactCommand, ContactEvent, ContactState> = {
  decide: decideContact,
  evolve: evolveContact,
  initialState: initialContactState,
};
