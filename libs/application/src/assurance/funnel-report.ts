import {
  evolvePractice,
  initialPracticeState,
  LinkNotFound,
  PracticeNotFound,
  streams,
  type PracticeEvent,
} from '@pi/domain';
import {
  funnelCsv,
  funnelPeriod,
  replayFunnelFromLog,
  type FunnelDimension,
  type FunnelFormat,
  type FunnelReport,
  type ReplayProgress,
} from '@pi/projections';
import type { SealedLog } from '../runtime/profile-stores.js';
import { FUNNEL_PAGE_CSP, funnelPage } from './funnel-page.js';

/** What an analyst asks for, as typed (the CLI's flags, the route's query). */
export interface FunnelQuery {
  practiceId: string;
  by: FunnelDimension;
  format: FunnelFormat;
  from?: string | null;
  to?: string | null;
  asOf?: string | null;
  linkId?: string | null;
  channel?: 'sms' | 'email' | null;
}

export interface RenderedFunnel {
  report: FunnelReport;
  contentType: string;
  body: string;
  /** The page's own policy (html only). */
  contentSecurityPolicy: string | null;
}

/**
 * Builds one funnel from the log (not the read models), in the practice's time
 * zone as it was at `asOf`, and renders it: the one path behind
 * `npm run funnel` and `GET /v1/analytics/funnel`, so both answer alike.
 */
export async function renderFunnel(
  log: SealedLog,
  query: FunnelQuery,
  options: { onProgress?: (progress: ReplayProgress) => void; signal?: AbortSignal } = {},
): Promise<RenderedFunnel> {
  const practice = await practiceHistory(log, query.practiceId);
  const asOf = funnelPeriod({ asOf: query.asOf }, timeZoneAt(practice, null)).asOf;
  const timeZone = timeZoneAt(practice, asOf);
  const period = funnelPeriod(query, timeZone);
  const filters = {
    practiceId: query.practiceId,
    ...period,
    linkId: query.linkId ?? null,
    channel: query.channel ?? null,
  };
  const dimensions: FunnelDimension[] =
    query.format === 'html' && query.by !== 'week' ? [query.by, 'week'] : [query.by];
  const replay = await replayFunnelFromLog(log, dimensions, filters, timeZone, options);
  if (filters.linkId !== null && !replay.hasLink(filters.linkId)) throw new LinkNotFound(filters.linkId);
  const report = replay.report(query.by);
  switch (query.format) {
    case 'json':
      return { report, contentType: 'application/json', body: JSON.stringify(report), contentSecurityPolicy: null };
    case 'csv':
      return { report, contentType: 'text/csv; charset=utf-8', body: funnelCsv(report), contentSecurityPolicy: null };
    case 'html':
      return {
        report,
        contentType: 'text/html; charset=utf-8',
        body: await funnelPage(report, replay.report('week'), profileAt(practice, asOf).name),
        contentSecurityPolicy: FUNNEL_PAGE_CSP,
      };
  }
}

async function practiceHistory(log: SealedLog, practiceId: string) {
  const events = await log.readStream(streams.practice(practiceId));
  if (events.length === 0) throw new PracticeNotFound();
  return events;
}

/** The practice's profile as the log stood at `asOf` (null: now). */
function profileAt(history: Awaited<ReturnType<typeof practiceHistory>>, asOf: string | null) {
  let state = initialPracticeState;
  for (const event of history) {
    if (asOf !== null && event.recordedAt > asOf) break;
    state = evolvePractice(state, event as unknown as PracticeEvent);
  }
  if (state.status !== 'registered') throw new PracticeNotFound();
  return state.profile;
}

/** The practice's time zone as the log stood at `asOf` (null: now). */
function timeZoneAt(history: Awaited<ReturnType<typeof practiceHistory>>, asOf: string | null): string {
  return profileAt(history, asOf).timeZone;
}
