import { describe, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import { LinkNotFound } from '../links/link.errors.js';
import { InboxFilterNotFound, inboxFiltersDecider, InvalidInboxFilter, type SaveInboxFilter } from './inbox-filters.js';

const spec = specFor(inboxFiltersDecider);
const at = '2026-11-30T10:00:00.000Z';
const save: SaveInboxFilter = {
  type: 'SaveInboxFilter',
  filterId: 'f1',
  staffId: 's1',
  practiceId: 'p1',
  name: '  Flu   clinic ',
  tags: ['Flu', ' Flu '],
  linkId: null,
  linkPracticeId: null,
  at,
};
const saved = {
  type: 'InboxFilterSaved' as const,
  data: {
    filterId: 'f1',
    staffId: 's1',
    practiceId: 'p1',
    name: 'Flu clinic',
    tags: ['Flu'],
    linkId: null,
    savedAt: at,
  },
};

describe('inbox filters', () => {
  it('saves a filter with its tags as tags are written everywhere; the same again changes nothing', () => {
    spec.given([]).when(save).then([saved]);
    spec.given([saved]).when(save).thenNothingHappened();
  });

  it('needs a tag or a link, and a name', () => {
    spec
      .given([])
      .when({ ...save, tags: [] })
      .thenThrows(InvalidInboxFilter, {
        errors: [{ field: 'tags', messages: ['a filter needs at least one tag or a link'] }],
      });
    spec
      .given([])
      .when({ ...save, name: ' ' })
      .thenThrows(InvalidInboxFilter, { errors: [{ field: 'name', messages: ['name must be 1 to 60 characters'] }] });
  });

  it('deletes only a filter that exists', () => {
    const remove = { type: 'DeleteInboxFilter', filterId: 'f1', staffId: 's1', practiceId: 'p1', at } as const;
    spec
      .given([saved])
      .when(remove)
      .then([{ type: 'InboxFilterDeleted', data: { filterId: 'f1', staffId: 's1', practiceId: 'p1', deletedAt: at } }]);
    spec.given([]).when(remove).thenThrows(InboxFilterNotFound, { filterId: 'f1' });
  });

  it("refuses a filter naming another practice's link, or a link that does not exist, as not found", () => {
    spec
      .given([])
      .when({ ...save, linkId: 'l9', linkPracticeId: 'p2' })
      .thenThrows(LinkNotFound);
    spec
      .given([])
      .when({ ...save, linkId: 'l9', linkPracticeId: null })
      .thenThrows(LinkNotFound);
  });
});
