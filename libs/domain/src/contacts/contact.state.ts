import type { PendingSend } from '../invitations/pending-send.js';
import type { Phone } from '../shared/phone.js';
import type { ContactEvent } from './contact.events.js';

export type ContactState =
  | { status: 'absent' }
  | {
      status: 'active';
      contactId: string;
      practiceId: string;
      name: string;
      phone: Phone | null;
      email: string | null;
      tags: readonly string[];
      /** When invitations went out, oldest first (for the resend cap). */
      invitedAt: readonly string[];
      /** The latest sends (ten at most), so a retried request finds its own send instead of sending again. */
      sends: readonly { sendId: string; invitationId: string; send: PendingSend | null }[];
      /** The patient account this contact is paired with, once connected. */
      patientId: string | null;
      /** Every invitation sent to this contact (their copies of its phone and email are erased with it). */
      invitationIds: readonly string[];
    }
  /** Its personal data was erased: the id, the practice and the fact remain. */
  | { status: 'erased'; contactId: string; practiceId: string };

export const initialContactState: ContactState = { status: 'absent' };

export function evolveContact(state: ContactState, event: ContactEvent): ContactState {
  if (event.type === 'ContactCreated') {
    const { contactId, practiceId, name, phone, email, tags } = event.data;
    return {
      status: 'active',
      contactId,
      practiceId,
      name,
      phone,
      email,
      tags,
      invitedAt: [],
      sends: [],
      patientId: null,
      invitationIds: [],
    };
  }
  if (state.status !== 'active') return state;
  switch (event.type) {
    case 'ContactUpdated':
      return { ...state, ...event.data.changes };
    case 'ContactTagged':
      return { ...state, tags: [...state.tags, event.data.tag] };
    case 'ContactUntagged':
      return { ...state, tags: state.tags.filter((t) => t !== event.data.tag) };
    case 'ContactInvited':
      return {
        ...state,
        invitedAt: [...state.invitedAt, event.data.invitedAt],
        invitationIds: state.invitationIds.includes(event.data.invitationId)
          ? state.invitationIds
          : [...state.invitationIds, event.data.invitationId],
        sends: [
          ...state.sends,
          {
            sendId: event.data.sendId ?? event.data.invitationId,
            invitationId: event.data.invitationId,
            send: event.data.send ?? null,
          },
        ].slice(-10),
      };
    case 'ContactPaired':
      return { ...state, patientId: event.data.patientId };
    case 'PersonalDataErased':
      return { status: 'erased', contactId: state.contactId, practiceId: state.practiceId };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
