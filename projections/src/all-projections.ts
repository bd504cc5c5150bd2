import type { AnyProjection } from '@pi/read-store';
import { practiceProfileProjection } from './practice-profile/practice-profile.projection.js';
import { staffDirectoryProjection } from './staff-directory/staff-directory.projection.js';
import { teamsProjection } from './teams/teams.projection.js';
import { linksProjection } from './links/links.projection.js';
import { linkViewsProjection } from './link-views/link-views.projection.js';
import { contactsProjection } from './contacts/contacts.projection.js';
import { invitationsProjection } from './invitations/invitations.projection.js';
import { smsConsentProjection } from './sms-consent/sms-consent.projection.js';
import { patientConnectionsProjection } from './patient-connections/patient-connections.projection.js';
import { conversationsProjection } from './conversations/conversations.projection.js';
import { messagesProjection } from './conversations/messages.projection.js';
import { accessHistoryProjection } from './access-history/access-history.projection.js';
import { inboxFiltersProjection } from './inbox-filters/inbox-filters.projection.js';
import { identityAuditProjection } from './identity-audit/identity-audit.projection.js';
import { accessAuditProjection } from './access-audit/access-audit.projection.js';
import { unfinishedVerificationsProjection } from './verifications/unfinished-verifications.projection.js';
import { linkFunnelProjection } from './funnel/link-funnel.projection.js';
import { inviteScheduleProjection } from './invitations/invite-schedule.projection.js';
import { followUpsProjection } from './follow-ups/follow-ups.projection.js';
import { consentHistoryProjection } from './consent-history/consent-history.projection.js';

/** Every read model the product keeps; the API and the projector run this list. */
export const allProjections: readonly AnyProjection[] = [
  practiceProfileProjection,
  staffDirectoryProjection,
  teamsProjection,
  linksProjection,
  linkViewsProjection,
  linkFunnelProjection,
  contactsProjection,
  invitationsProjection,
  inviteScheduleProjection,
  followUpsProjection,
  smsConsentProjection,
  consentHistoryProjection,
  patientConnectionsProjection,
  conversationsProjection,
  messagesProjection,
  accessHistoryProjection,
  inboxFiltersProjection,
  identityAuditProjection,
  accessAuditProjection,
  unfinishedVerificationsProjection,
];
