import type { FUNNEL_COUNTS, FUNNEL_INTERVALS } from '@pi/projections';

/** The funnel's counts and intervals in words, for people (the JSON and CSV keep the field names). */
export const COLUMN_NAMES: Record<(typeof FUNNEL_COUNTS)[number] | (typeof FUNNEL_INTERVALS)[number], string> = {
  views: 'Page views',
  automatedViews: 'Automated views',
  signupsStarted: 'Sign-ups started',
  verified: 'Phone verified',
  connected: 'Connected',
  sent: 'Invitations sent',
  delivered: 'Delivered',
  opened: 'Opened',
  accepted: 'Accepted',
  failed: 'Failed',
  expired: 'Expired',
  revoked: 'Revoked',
  optedOut: 'Opted out',
  reminded: 'Reminded',
  sentToDelivered: 'Median sent → delivered (s)',
  deliveredToOpened: 'Median delivered → opened (s)',
  openedToSignupStarted: 'Median opened → sign-up (s)',
  signupStartedToAccepted: 'Median sign-up → accepted (s)',
  signupStartedToVerified: 'Median sign-up → verified (s)',
  verifiedToConnected: 'Median verified → connected (s)',
};
