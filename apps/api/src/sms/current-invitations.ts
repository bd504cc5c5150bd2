import type { EventStore } from '@pi/event-store';
import { invitationByProviderId, invitationsProjection, invitationsTextedTo } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import { catchUp } from '@pi/application';

/*
 * The SMS provider's callbacks ask the invitations read model about what the
 * log holds this very moment: which practice texted a number a second ago,
 * which invitation a message just accepted belongs to. Each lookup here lets
 * the read model reach the log's head first, so a STOP or a delivery receipt
 * that follows its text at once is never dropped as unknown (on PostgreSQL the
 * read model can be a moment behind the append that answered the request).
 */

/** The invitations texted to `phone`, newest first, as of the log's head. */
export async function invitationsTextedToNow(events: EventStore, readModels: ProjectionEngine, phone: string) {
  await catchUp(events, readModels, [invitationsProjection.name]);
  return invitationsTextedTo(readModels, phone);
}

/** The invitation whose message the provider knows as `providerId`, as of the log's head. */
export async function invitationByProviderIdNow(events: EventStore, readModels: ProjectionEngine, providerId: string) {
  await catchUp(events, readModels, [invitationsProjection.name]);
  return invitationByProviderId(readModels, providerId);
}
