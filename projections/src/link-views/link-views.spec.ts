import type { LinkPageViewed } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, it } from 'vitest';
import { linkViewsProjection } from './link-views.projection.js';

const spec = projectionSpec(linkViewsProjection);
const viewed = (visitor: string, options: { automated?: boolean; withInvitation?: boolean } = {}) =>
  recorded<LinkPageViewed>({
    type: 'LinkPageViewed',
    data: {
      linkId: 'l1',
      practiceId: 'p1',
      day: '2026-11-30',
      viewedAt: '2026-11-30T10:00:00Z',
      withInvitation: options.withInvitation ?? false,
      visitor,
      automated: options.automated ?? false,
      automatedReason: options.automated ? 'user agent' : null,
    },
  });

describe('link-views read model', () => {
  it('counts views per link and day: people, unique visitors, invitation views, and automated views apart', async () => {
    await spec
      .given(viewed('v1'), viewed('v1'), viewed('v2', { withInvitation: true }))
      .when(viewed('bot', { automated: true }))
      .then('l1_2026-11-30', {
        id: 'l1_2026-11-30',
        linkId: 'l1',
        practiceId: 'p1',
        day: '2026-11-30',
        views: 3,
        invitationViews: 1,
        automatedViews: 1,
        visitors: ['v1', 'v2'],
      });
  });
});
