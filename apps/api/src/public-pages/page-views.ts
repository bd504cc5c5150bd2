import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { streams, visitSource, QR_MARKER, type LinkPageViewed } from '@pi/domain';
import type { EventStore } from '@pi/event-store';
import type { LinkDoc } from '@pi/projections';
import { queryOf } from '../http/request-url.js';
import type { FastifyRequest } from 'fastify';
import { CLOCK, EVENT_STORE, VISITOR_KEY_SECRET, type Clock } from '@pi/application';
import { classifyVisit, visitorKey } from './visitor.js';

/**
 * Records each view of a public link page for referral analytics, in a
 * stream per link and day (`linkviews-<link>_<day>`), so the link's own
 * stream stays small however popular the flyer is.
 */
@Injectable()
export class PageViews {
  private readonly logger = new Logger('PageViews');

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(VISITOR_KEY_SECRET) private readonly secret: string,
  ) {}

  /** Records the view; answers whether it looked like a person (not a scanner or prefetch). */
  async record(link: LinkDoc, request: FastifyRequest): Promise<{ automated: boolean }> {
    const now = this.clock.now();
    const day = now.toISOString().slice(0, 10);
    const visit = classifyVisit(request);
    const { i, [QR_MARKER.param]: marker } = queryOf(request);
    const withInvitation = typeof i === 'string' && i.length > 0;
    const event: LinkPageViewed = {
      type: 'LinkPageViewed',
      data: {
        linkId: link.id,
        practiceId: link.practiceId,
        day,
        viewedAt: now.toISOString(),
        withInvitation,
        source: visitSource({ withInvitation, marker }),
        visitor: visitorKey(this.secret, day, request),
        automated: visit.automated,
        automatedReason: visit.reason,
      },
    };
    const id = randomUUID();
    const metadata = {
      practiceId: link.practiceId,
      actor: 'public:visitor',
      correlationId: id,
      causationId: id,
      occurredAt: now.toISOString(),
    };
    try {
      await this.events.append(streams.linkViews(link.id, day), [{ id, ...event, metadata }], 'any');
    } catch (error) {
      // A page view that could not be counted must not stop a patient from seeing the page.
      this.logger.warn({ err: error, linkId: link.id }, 'page view not recorded');
    }
    return { automated: visit.automated };
  }
}
