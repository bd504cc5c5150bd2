import { QR_MARKER } from '@pi/domain';
import { getPracticeProfile, linkBySlug, type LinkDoc, type PracticeProfileDoc } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { FastifyRequest, FastifyReply } from 'fastify';
import { sendProblem } from '../http/problem.filter.js';
import { problemType } from '../http/problem.js';
import { notFoundPage } from './landing.html.js';
import { prefersJson } from '../http/negotiation.js';
import { pathOf, queryOf } from '../http/request-url.js';

const SLUG = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;

/** Patients' pages: no token, nothing about any patient, strict headers. */
export const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  // The invitation token in ?i= must not leak to the logo's host or any link followed.
  'Referrer-Policy': 'no-referrer',
  // A patient's page is theirs alone (a form, a code, a shared computer's back button): never stored.
  'Cache-Control': 'no-store',
};

export interface PublicLink {
  link: LinkDoc;
  profile: PracticeProfileDoc;
}

/** The link behind a public slug, with its practice's profile; null for anything unknown or malformed. */
export async function resolvePublicLink(readModels: ProjectionEngine, slug: string): Promise<PublicLink | null> {
  if (!SLUG.test(slug)) return null;
  const link = await linkBySlug(readModels, slug);
  const profile = link && (await getPracticeProfile(readModels, link.practiceId));
  return link && profile ? { link, profile } : null;
}

/** An API client asking for JSON (tests, native apps) gets JSON and problem details; a browser gets pages. */
export function wantsJson(request: FastifyRequest): boolean {
  return prefersJson(request.headers.accept);
}

/** A person gets a friendly page; an API client asking for JSON gets a problem. */
export function sendNotFound(request: FastifyRequest, response: FastifyReply): void {
  if (wantsJson(request)) {
    sendProblem(response, {
      type: problemType('not-found'),
      title: 'Not found',
      status: 404,
      detail: 'No such page or link.',
      instance: pathOf(request),
    });
    return;
  }
  response.status(404).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(notFoundPage());
}

/** What a link's URL says of the visit: the invitation it came from (`?i=`, at most 100 characters), or a QR scan. */
export function visitQuery(request: FastifyRequest): { invitation: string | null; fromQr: boolean } {
  const { i, [QR_MARKER.param]: marker } = queryOf(request);
  return { invitation: typeof i === 'string' && i.length <= 100 ? i : null, fromQr: marker === QR_MARKER.value };
}
