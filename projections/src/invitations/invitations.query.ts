import type { Page, ProjectionEngine } from '@pi/read-store';
import { invitationsProjection, type InvitationDoc, type InvitationStatus } from './invitations.projection.js';

export async function getInvitation(
  readModels: ProjectionEngine,
  practiceId: string,
  invitationId: string,
): Promise<InvitationDoc | null> {
  const doc = await readModels.get<InvitationDoc>(invitationsProjection.name, invitationId);
  return doc && doc.practiceId === practiceId ? doc : null;
}

/** Newest sends first; `linkId` narrows to one link. */
export function listInvitations(
  readModels: ProjectionEngine,
  practiceId: string,
  filter: {
    status: InvitationStatus;
    linkId?: string;
    contactIds?: readonly string[];
    limit: number;
    cursor?: string | null;
  },
): Promise<Page<InvitationDoc>> {
  return readModels.find<InvitationDoc>(invitationsProjection.name, {
    where: {
      practiceId,
      status: filter.status,
      ...(filter.linkId ? { linkId: filter.linkId } : {}),
      ...(filter.contactIds ? { contactId: { $in: filter.contactIds } } : {}),
    },
    sort: { field: 'lastSentAt', direction: 'desc' },
    limit: filter.limit,
    cursor: filter.cursor ?? null,
  });
}

/** Every invitation of a contact, oldest first, for the contact card. */
export async function invitationsOfContact(readModels: ProjectionEngine, contactId: string): Promise<InvitationDoc[]> {
  const { items } = await readModels.find<InvitationDoc>(invitationsProjection.name, {
    where: { contactId },
    sort: { field: 'createdAt', direction: 'asc' },
    limit: 200,
  });
  return items;
}

/** The invitation whose live token has this hash (an old token after a resend finds nothing). */
export async function invitationByTokenHash(
  readModels: ProjectionEngine,
  tokenHash: string,
): Promise<InvitationDoc | null> {
  const { items } = await readModels.find<InvitationDoc>(invitationsProjection.name, {
    where: { tokenHash },
    limit: 1,
  });
  return items[0] ?? null;
}

/** Invitations texted to a number, newest first, in any practice: whom a reply from it is for. */
export async function invitationsTextedTo(readModels: ProjectionEngine, phone: string): Promise<InvitationDoc[]> {
  const { items } = await readModels.find<InvitationDoc>(invitationsProjection.name, {
    where: { phone },
    sort: { field: 'lastSentAt', direction: 'desc' },
    limit: 100,
  });
  return items;
}

/** Pending invitations whose window has closed, in any practice, oldest first. */
export async function dueForExpiry(readModels: ProjectionEngine, now: string, limit: number): Promise<InvitationDoc[]> {
  const { items } = await readModels.find<InvitationDoc>(invitationsProjection.name, {
    where: { status: 'pending', expiresAt: { $lte: now } },
    sort: { field: 'expiresAt', direction: 'asc' },
    limit,
  });
  return items;
}

/** The invitation a provider's message belongs to (its id for the message, from InviteDelivered), in any practice. */
export async function invitationByProviderId(
  readModels: ProjectionEngine,
  providerId: string,
): Promise<InvitationDoc | null> {
  const { items } = await readModels.find<InvitationDoc>(invitationsProjection.name, {
    where: { providerIds: { $contains: providerId } },
    sort: { field: 'lastSentAt', direction: 'desc' },
    limit: 1,
  });
  return items[0] ?? null;
}
