/**
 * How a visitor reached a link's page: scanning its QR code (the code carries
 * `?src=qr`), typing or clicking the plain link, or an invitation (`?i=`).
 * The sign-up form carries the source along, so a sign-up counts where its
 * visit did.
 */
export const VISIT_SOURCES = ['qr', 'link', 'invitation'] as const;
export type VisitSource = (typeof VISIT_SOURCES)[number];

/** The query parameter and value the QR code's URL carries. */
export const QR_MARKER = { param: 'src', value: 'qr' } as const;

/** An invitation's token wins over the marker; anything but the marker is the plain link. */
export function visitSource(visit: { withInvitation: boolean; marker: unknown }): VisitSource {
  if (visit.withInvitation) return 'invitation';
  return visit.marker === QR_MARKER.value ? 'qr' : 'link';
}

/** A recorded view's source; views recorded before sources were kept tell invitation from link only. */
export function sourceOfView(view: { withInvitation: boolean; source?: VisitSource }): VisitSource {
  return view.source ?? (view.withInvitation ? 'invitation' : 'link');
}

/** A sign-up's source; sign-ups recorded before sources were kept tell invitation from link only. */
export function sourceOfSignup(purpose: { invitationTokenHash: string | null; source?: VisitSource }): VisitSource {
  return purpose.source ?? (purpose.invitationTokenHash !== null ? 'invitation' : 'link');
}
