import { createHmac } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** User agents of link scanners, unfurlers, previewers and scripts: their visits are not patients'. */
const AUTOMATED_AGENT =
  /bot\b|bot\/|crawler|spider|slurp|preview|scanner|safelinks|safe links|proofpoint|mimecast|barracuda|urldefense|bitdefender|trendmicro|facebookexternalhit|slack|whatsapp|telegram|discord|linkedinbot|skypeuripreview|headlesschrome|phantomjs|curl\/|wget\/|python-requests|python-urllib|go-http-client|okhttp|java\/|libwww|httpclient|axios\/|node-fetch|undici/i;

export interface VisitorClass {
  automated: boolean;
  reason: string | null;
}

/** Marks (never drops) visits that are not a person opening the page. */
export function classifyVisit(request: FastifyRequest): VisitorClass {
  if (request.method === 'HEAD') return { automated: true, reason: 'head-request' };
  const header = (name: string) => [request.headers[name] ?? ''].flat().join(' ');
  const purpose = ['purpose', 'sec-purpose', 'x-purpose', 'x-moz'].map(header).join(' ');
  if (/prefetch|preview|prerender/i.test(purpose)) return { automated: true, reason: 'prefetch' };
  const agent = request.headers['user-agent'];
  if (!agent) return { automated: true, reason: 'no-user-agent' };
  const match = AUTOMATED_AGENT.exec(agent);
  if (match) return { automated: true, reason: `user-agent:${match[0].toLowerCase().replace(/[^a-z]/g, '')}` };
  return { automated: false, reason: null };
}

/**
 * A pseudonymous key for counting unique visitors per day: a keyed hash of the
 * day, address and browser. Neither can be read back from it, and it changes
 * every day, so it cannot follow a person across days.
 */
export function visitorKey(secret: string, day: string, request: FastifyRequest): string {
  return createHmac('sha256', secret)
    .update(`${day}|${request.ip ?? ''}|${request.headers['user-agent'] ?? ''}`)
    .digest('base64url')
    .slice(0, 16);
}
