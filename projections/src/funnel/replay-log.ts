import type { EventStore, Position } from '@pi/event-store';
import type { FunnelDimension, FunnelFilters } from './funnel-row.js';
import { FunnelReplay } from './funnel-replay.js';

/** The event types a funnel reads; the log is asked for these only. */
export const FUNNEL_EVENT_TYPES = [
  'LinkCreated',
  'LinkRenamed',
  'LinkPageViewed',
  'VerificationCodeSent',
  'PhoneVerified',
  'PatientConnected',
  'InviteSent',
  'InviteResent',
  'InviteReminderSent',
  'InviteDelivered',
  'InviteDeliveryFailed',
  'InviteDeliveryReported',
  'InviteOpened',
  'InviteAccepted',
  'InviteRevoked',
  'InviteExpired',
] as const;

export interface ReplayProgress {
  position: Position;
  head: Position;
  eventsRead: number;
}

/**
 * Replays the log itself (not the read models) into one funnel, a page at a
 * time, so memory holds a page and the funnel's own state, never the log.
 * Give it the log as stored (personal values sealed): the funnel reads none.
 */
export async function replayFunnelFromLog(
  log: Pick<EventStore, 'readAll' | 'head'>,
  dimensions: readonly FunnelDimension[],
  filters: FunnelFilters,
  timeZone: string,
  options: { pageSize?: number; onProgress?: (progress: ReplayProgress) => void; signal?: AbortSignal } = {},
): Promise<FunnelReplay> {
  const replay = new FunnelReplay(dimensions, filters, timeZone);
  const head = (await log.head())?.position ?? 0n;
  // Small pages: measured faster than large ones (less garbage per page) and lighter (peak memory).
  const pageSize = options.pageSize ?? 1000;
  let after: Position = 0n;
  for (;;) {
    options.signal?.throwIfAborted();
    // This practice's events only: a report in a deployment of many practices reads its own.
    const page = await log.readAll({
      after,
      maxCount: pageSize,
      filter: { eventTypes: FUNNEL_EVENT_TYPES, practiceId: filters.practiceId },
    });
    for (const event of page) replay.apply(event);
    if (page.length === 0) break;
    after = page[page.length - 1].position;
    options.onProgress?.({ position: after, head, eventsRead: replay.eventsRead });
    if (page.length < pageSize || after >= head) break;
  }
  return replay;
}
