import type { FastifyRequest, FastifyReply } from 'fastify';
import { refusalPage } from '../onboarding/signup.html.js';
import { sendPage } from '../public-pages/page-answers.js';
import type { PatientSession, PatientSessions } from './patient-sessions.js';
import { pathOf } from '../http/request-url.js';

/** Where a sign-in may send the patient back to: their messages, or a link's message page. Nothing else. */
const NEXT = /^\/(p\/conversations(\/[0-9a-f-]{36})?|[a-z0-9-]{1,64}\/message)$/;
export const safeNext = (value: unknown) =>
  typeof value === 'string' && NEXT.test(value) ? value : '/p/conversations';

export const field = (body: unknown, name: string): unknown => (body as Record<string, unknown> | undefined)?.[name];

/** A form's text field (anything else reads as empty). */
export const textOf = (body: unknown): string => {
  const text = field(body, 'text');
  return typeof text === 'string' ? text : '';
};

/** The patient's session, or a redirect to sign in (and back to `next`, or here, after). */
export async function sessionOrSignIn(
  sessions: PatientSessions,
  request: FastifyRequest,
  response: FastifyReply,
  next?: string,
): Promise<PatientSession | null> {
  const session = await sessions.read(request);
  if (session) return session;
  response.redirect(`/p/sign-in?next=${encodeURIComponent(next ?? safeNext(pathOf(request)))}`, 303);
  return null;
}

/** Whether the form carries its session's CSRF token; if not, a page saying so has been sent (403). */
export function csrfHolds(
  sessions: PatientSessions,
  session: PatientSession,
  request: FastifyRequest,
  response: FastifyReply,
) {
  if (sessions.checkCsrf(session, field(request.body, 'csrf'))) return true;
  sendPage(
    response,
    403,
    refusalPage('Please try again', 'This form has expired. Open the page again and resend.', {
      href: '/p/conversations',
      label: 'Your messages',
    }),
  );
  return false;
}
