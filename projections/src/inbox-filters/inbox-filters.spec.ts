import type { InboxFilterEvent } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, it } from 'vitest';
import { inboxFiltersProjection } from './inbox-filters.projection.js';

const spec = projectionSpec(inboxFiltersProjection);
const event = (e: InboxFilterEvent) => recorded(e, { streamId: 'inboxfilters-s1' });
const data = { filterId: 'f1', staffId: 's1', practiceId: 'p1' };
const saved = event({
  type: 'InboxFilterSaved',
  data: { ...data, name: 'Flu', tags: ['Flu'], linkId: null, savedAt: '2026-11-30T00:00:00Z' },
});

describe('inbox filters read model', () => {
  it('keeps a saved filter and forgets a deleted one', async () => {
    await spec
      .given()
      .when(saved)
      .then('f1', {
        id: 'f1',
        staffId: 's1',
        practiceId: 'p1',
        name: 'Flu',
        tags: ['Flu'],
        linkId: null,
        savedAt: '2026-11-30T00:00:00Z',
      });
    await spec
      .given(saved)
      .when(event({ type: 'InboxFilterDeleted', data: { ...data, deletedAt: '2026-11-30T00:01:00Z' } }))
      .then('f1', null);
  });
});
