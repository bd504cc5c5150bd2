import type { Role } from '@pi/domain';

/** Who may call a route: a practice role, or an operator of the platform (who belongs to no practice). */
export type Audience = Role | 'operator';
export type AccessRule = 'public' | readonly Audience[];

const ALL_ROLES = ['admin', 'staff', 'support', 'auditor'] as const satisfies readonly Role[];
const CARE_TEAM = ['admin', 'staff'] as const satisfies readonly Role[];

/**
 * The access policy: every route of the API, and who may call it. The guard
 * reads this table (not decorators scattered over controllers); a route with
 * no row is refused and the app will not start. Each role gets what its job
 * needs: the care team (admin, staff) works with contacts, invitations and
 * conversations; support files and follows phone-change requests; auditors
 * read the identity audit; analysts read the invite funnels (counts and ids,
 * never a patient's data, and nothing else); operators decide phone changes. Data of another
 * practice answers 404 in the handlers, whatever the role.
 */
export const ACCESS_POLICY: Record<string, AccessRule> = {
  // Operations and the patients' public pages.
  'GET /health': 'public',
  'GET /assets/public.css': 'public',
  'GET /:slug': 'public',
  'HEAD /:slug': 'public',
  'GET /:slug/connect': 'public',
  'GET /:slug/help': 'public',
  'POST /:slug/signup': 'public',
  'POST /:slug/signup/resend': 'public',
  'POST /:slug/verify': 'public',
  // Patients on the web: public pages; the patient's own session cookie (PatientSessions) is checked by the pages.
  'GET /p/sign-in': 'public',
  'POST /p/sign-in': 'public',
  'POST /p/sign-in/verify': 'public',
  'POST /p/sign-out': 'public',
  // An email's one-click unsubscribe: the sealed token in the link is the authority (RFC 8058).
  'GET /p/unsubscribe': 'public',
  'POST /p/unsubscribe': 'public',
  'GET /p/conversations': 'public',
  'GET /p/conversations/:conversationId': 'public',
  'POST /p/conversations/:conversationId/messages': 'public',
  'GET /:slug/message': 'public',
  'POST /:slug/message': 'public',
  // Signed by the SMS provider (X-Twilio-Signature), not by a token.
  'POST /v1/sms/inbound': 'public',
  'POST /v1/sms/status': 'public',
  // The embedded outbox, when DEV_OUTBOX is on: the caller's practice's messages.
  'GET /dev/outbox': ['admin', 'operator'],

  'GET /v1/practice/profile': ALL_ROLES,
  'PUT /v1/practice/profile': ['admin'],
  'GET /v1/practice/invite-settings': CARE_TEAM,
  'PUT /v1/practice/invite-settings': ['admin'],

  'POST /v1/staff': ['admin'],
  'GET /v1/staff': ALL_ROLES,
  'GET /v1/staff/:staffId': ALL_ROLES,
  'PATCH /v1/staff/:staffId': ['admin'],
  'DELETE /v1/staff/:staffId': ['admin'],

  'POST /v1/teams': ['admin'],
  'GET /v1/teams': ALL_ROLES,
  'GET /v1/teams/:teamId': ALL_ROLES,
  'PATCH /v1/teams/:teamId': ['admin'],
  'POST /v1/teams/:teamId/members': ['admin'],
  'DELETE /v1/teams/:teamId/members/:staffId': ['admin'],

  'POST /v1/links': ['admin'],
  'GET /v1/links': CARE_TEAM,
  'GET /v1/links/:linkId': CARE_TEAM,
  'PATCH /v1/links/:linkId': ['admin'],
  'PUT /v1/links/:linkId/owner': ['admin'],
  'DELETE /v1/links/:linkId/owner': ['admin'],
  'POST /v1/links/:linkId/members': ['admin'],
  'DELETE /v1/links/:linkId/members/:staffId': ['admin'],
  'POST /v1/links/:linkId/tags': ['admin'],
  'DELETE /v1/links/:linkId/tags/:scope/:tag': ['admin'],
  'PUT /v1/links/:linkId/auto-assign': ['admin'],
  'POST /v1/links/:linkId/archive': ['admin'],
  'GET /v1/links/:linkId/qr.png': CARE_TEAM,
  'GET /v1/links/:linkId/qr.svg': CARE_TEAM,

  'POST /v1/contacts': CARE_TEAM,
  'POST /v1/contacts/import': CARE_TEAM,
  'GET /v1/contacts': CARE_TEAM,
  'GET /v1/contacts/:contactId': CARE_TEAM,
  'PATCH /v1/contacts/:contactId': CARE_TEAM,
  'POST /v1/contacts/:contactId/tags': CARE_TEAM,
  // Erasure (crypto-shredding): a practice's admin erases its contact; an operator erases a patient's account.
  'POST /v1/contacts/:contactId/erase': ['admin'],
  'POST /v1/patients/:patientId/erase': ['operator'],
  'DELETE /v1/contacts/:contactId/tags/:tag': CARE_TEAM,

  'POST /v1/invitations': CARE_TEAM,
  'POST /v1/invitations/bulk': CARE_TEAM,
  'GET /v1/invitations': CARE_TEAM,
  'GET /v1/invitations/:invitationId': CARE_TEAM,
  'POST /v1/invitations/:invitationId/resend': CARE_TEAM,
  'POST /v1/invitations/:invitationId/revoke': CARE_TEAM,
  // Invitations that expired after their reminders: the care team follows up.
  'GET /v1/follow-ups': CARE_TEAM,
  'POST /v1/follow-ups/:invitationId/done': CARE_TEAM,
  'POST /v1/follow-ups/:invitationId/reinvite': CARE_TEAM,

  // Conversations and the inbox: the care team, and within it only those the links' rules let read each one (else 404).
  'GET /v1/inbox': CARE_TEAM,
  'GET /v1/inbox/counts': CARE_TEAM,
  'GET /v1/inbox/changes': CARE_TEAM,
  'GET /v1/inbox/filters': CARE_TEAM,
  'POST /v1/inbox/filters': CARE_TEAM,
  'GET /v1/inbox/filters/:filterId': CARE_TEAM,
  'DELETE /v1/inbox/filters/:filterId': CARE_TEAM,
  'GET /v1/conversations': CARE_TEAM,
  'GET /v1/conversations/:conversationId': CARE_TEAM,
  'GET /v1/conversations/:conversationId/messages': CARE_TEAM,
  'POST /v1/conversations/:conversationId/messages': CARE_TEAM,
  'PUT /v1/conversations/:conversationId/assignee': CARE_TEAM,
  'DELETE /v1/conversations/:conversationId/assignee': CARE_TEAM,
  'POST /v1/conversations/:conversationId/archive': CARE_TEAM,
  'POST /v1/conversations/:conversationId/reopen': CARE_TEAM,
  'POST /v1/conversations/:conversationId/tags': CARE_TEAM,
  'DELETE /v1/conversations/:conversationId/tags/:tag': CARE_TEAM,
  'POST /v1/conversations/:conversationId/read': CARE_TEAM,
  // Who could read a conversation on a date: admins, and auditors through the audit (no content either way).
  'GET /v1/conversations/:conversationId/access': ['admin'],
  'GET /v1/audit/conversations/:conversationId/access': ['auditor'],

  'GET /v1/patients/:patientId': CARE_TEAM,
  'POST /v1/patients/:patientId/identity/verifications': CARE_TEAM,
  'POST /v1/patients/:patientId/identity/mismatches': CARE_TEAM,
  'POST /v1/patients/:patientId/identity/mismatches/resolution': CARE_TEAM,

  // Evidence belongs to the practice that uploaded it; operators see it through the request it supports.
  'POST /v1/evidence': ['admin', 'staff', 'support'],
  'GET /v1/evidence/:sha256': ['admin', 'support'],
  // A practice files a lost-phone request for its patient; the platform's operators decide it.
  'POST /v1/patients/:patientId/phone-change-requests': ['admin', 'staff', 'support'],
  'GET /v1/phone-change-requests/:requestId': ['admin', 'staff', 'support', 'operator'],
  'GET /v1/phone-change-requests/:requestId/evidence': ['operator'],
  'POST /v1/phone-change-requests/:requestId/approve': ['operator'],
  'POST /v1/phone-change-requests/:requestId/reject': ['operator'],
  'POST /v1/phone-change-requests/:requestId/code': ['operator'],
  'POST /v1/phone-change-requests/:requestId/verify': ['operator'],

  // Invite funnels: counts and ids of links and staff only (analysts reach nothing else).
  'GET /v1/analytics/funnel': ['analyst', 'admin'],
  'GET /v1/audit/identity': ['auditor'],
  // Who read which patient's data (ids and addresses, no values).
  'GET /v1/audit/access': ['auditor'],
  // The public key that signs identity-audit exports (not a secret; auditors and admins fetch it).
  'GET /v1/audit/public-key': ['auditor', 'admin'],
  'GET /v1/audit/chain-heads': ['auditor'],
  // Consent to message an address: its history and the revocation report for auditors and admins; the care team records a revocation from a call.
  'GET /v1/consent': ['admin', 'auditor'],
  'POST /v1/consent/revocations': CARE_TEAM,
  'GET /v1/audit/consent-report': ['admin', 'auditor'],
  'POST /v1/audit/chain-heads': ['auditor', 'admin'],
  'GET /v1/audit/identity/:patientId': ['auditor'],
};

export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

/** A route's rule; a HEAD without a row of its own asks what the GET answers, without the body. */
export function ruleFor(method: string, path: string): AccessRule | undefined {
  return (
    ACCESS_POLICY[routeKey(method, path)] ?? (method === 'HEAD' ? ACCESS_POLICY[routeKey('GET', path)] : undefined)
  );
}
