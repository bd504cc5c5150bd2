import type { RecordedEvent } from '@pi/event-store';
import { describe, expect, it } from 'vitest';
import { recorded as recordedEvent } from '../testing/recorded.fixture.js';
import { linksProjection as projection, tagsAt, type LinkDoc } from './links.projection.js';

const recorded = (type: string, data: object) => recordedEvent(type, { linkId: 'l1', ...data }, 'link-l1');

const fold = (events: RecordedEvent[]) => events.reduce<LinkDoc | null>(projection.evolve, null);

describe('links projection', () => {
  const history = [
    recorded('LinkCreated', { practiceId: 'p1', label: 'Flyer', slug: 'brown', createdAt: '2026-11-01T00:00:00Z' }),
    recorded('TagApplied', { scope: 'conversation', tag: 'Flu', appliedAt: '2026-11-02T00:00:00Z' }),
    recorded('TagApplied', { scope: 'contact', tag: 'Campaign A', appliedAt: '2026-11-02T00:00:00Z' }),
    recorded('TagRemoved', { scope: 'conversation', tag: 'Flu', removedAt: '2026-11-05T00:00:00Z' }),
    recorded('TagApplied', { scope: 'conversation', tag: 'Flu', appliedAt: '2026-11-09T00:00:00Z' }),
    recorded('SlugChanged', { previousSlug: 'brown', slug: 'brown-2', changedAt: '2026-11-10T00:00:00Z' }),
    recorded('OwnerChanged', { owner: { type: 'team', id: 't1' }, previousOwner: null, changedAt: '2026-11-10T00:00:00Z' }),
    recorded('MemberAdded', { staffId: 's1', addedAt: '2026-11-10T00:00:00Z' }),
    recorded('AutoAssignChanged', { enabled: true, reason: 'requested', changedAt: '2026-11-11T00:00:00Z' }),
  ];

  it('keeps the current settings of a link', () => {
    expect(fold(history)).toMatchObject({
      slug: 'brown-2',
      owner: { type: 'team', id: 't1' },
      memberIds: ['s1'],
      tags: { conversation: ['Flu'], contact: ['Campaign A'] },
      autoAssign: true,
      updatedAt: '2026-11-11T00:00:00Z',
    });
  });

  it('tells which tags applied at any moment, so conversations get the tags of their time', () => {
    const doc = fold(history)!;
    expect(tagsAt(doc, 'conversation', '2026-11-03T00:00:00Z')).toEqual(['Flu']);
    expect(tagsAt(doc, 'conversation', '2026-11-06T00:00:00Z')).toEqual([]);
    expect(tagsAt(doc, 'conversation', '2026-11-09T12:00:00Z')).toEqual(['Flu']);
    expect(tagsAt(doc, 'contact', '2026-11-01T12:00:00Z')).toEqual([]);
  });

  it('marks an archived link and ignores events for a link it never saw created', () => {
    expect(fold([...history, recorded('LinkArchived', { archivedAt: '2026-11-12T00:00:00Z' })])?.archived).toBe(true);
    expect(fold([recorded('LinkRenamed', { label: 'x', renamedAt: '2026-11-12T00:00:00Z' })])).toBeNull();
  });
});
