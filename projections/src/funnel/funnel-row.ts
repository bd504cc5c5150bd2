/**
 * The funnel's vocabulary: the same names in JSON, CSV and the chart, for the
 * CLI, the HTTP route and the live read model. Counts and ids only: a funnel
 * never holds a patient's personal data.
 */
export const LINK_STAGES = ['views', 'automatedViews', 'signupsStarted', 'verified', 'connected'] as const;
export const INVITATION_STAGES = [
  'sent',
  'delivered',
  'opened',
  'signupsStarted',
  'accepted',
  'failed',
  'expired',
  'revoked',
  'optedOut',
  'reminded',
] as const;
/** Every count of a row, in column order (`signupsStarted` belongs to both funnels). */
export const FUNNEL_COUNTS = [...LINK_STAGES, ...INVITATION_STAGES.filter((s) => s !== 'signupsStarted')] as const;
export type FunnelStage = (typeof FUNNEL_COUNTS)[number];
export type FunnelCounts = Record<FunnelStage, number>;

/** The intervals whose median a row reports, each from one stage to the next for the same invitation or sign-up. */
export const FUNNEL_INTERVALS = [
  'sentToDelivered',
  'deliveredToOpened',
  'openedToSignupStarted',
  'signupStartedToAccepted',
  'signupStartedToVerified',
  'verifiedToConnected',
] as const;
export type FunnelInterval = (typeof FUNNEL_INTERVALS)[number];

export const FUNNEL_DIMENSIONS = ['link', 'source', 'channel', 'week', 'day', 'sender'] as const;
export type FunnelDimension = (typeof FUNNEL_DIMENSIONS)[number];

export const FUNNEL_FORMATS = ['json', 'csv', 'html'] as const;
export type FunnelFormat = (typeof FUNNEL_FORMATS)[number];

export interface FunnelRow extends FunnelCounts {
  /** A link id, a source (qr, link, invitation), a channel, an ISO week (2026-W48), a day, or a staff id. */
  key: string;
  label: string;
  /** Median seconds between stages; null when nothing went through both. */
  medianSeconds: Record<FunnelInterval, number | null>;
}

export interface FunnelFilters {
  practiceId: string;
  /** Inclusive start and exclusive end of the period (ISO instants); null: open. */
  from: string | null;
  to: string | null;
  /** Only events recorded up to this instant (the log's own time); null: everything. */
  asOf: string | null;
  linkId: string | null;
  channel: 'sms' | 'email' | null;
}

export interface FunnelReport {
  by: FunnelDimension;
  practiceId: string;
  timeZone: string;
  from: string | null;
  to: string | null;
  asOf: string | null;
  filters: { linkId: string | null; channel: 'sms' | 'email' | null };
  /** Events of the log read to build it (every practice's, before filtering). */
  eventsRead: number;
  rows: FunnelRow[];
}

export function emptyCounts(): FunnelCounts {
  return Object.fromEntries(FUNNEL_COUNTS.map((stage) => [stage, 0])) as FunnelCounts;
}
