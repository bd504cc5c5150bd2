import type { LinkEvent } from '@pi/domain';
import { projectionSpec, recorded as recordedEvent, type Recorded } from '@pi/read-store';
import { describe, expect, it } from 'vitest';
import { linksProjection, tagsAt } from './links.projection.js';

type Data<T extends LinkEvent['type']> = Omit<Extract<LinkEvent, { type: T }>['data'], 'linkId'>;
const recorded = <T extends LinkEvent['type']>(type: T, data: Data<T>) =>
  recordedEvent({ type, data: { linkId: 'l1', ...data } } as unknown as LinkEvent, { streamId: 'link-l1' });

/** The link's document after these events, folded through the runner's batch code. */
const fold = async (events: Recorded<LinkEvent>[]) =>
  (
    await projectionSpec(linksProjection)
      .given(...events.slice(0, -1))
      .when(...events.slice(-1))
      .documents()
  ).get('l1') ?? null;

describe('links projection', () => {
  const history = [
    recorded('LinkCreated', { practiceId: 'p1', label: 'Flyer', slug: 'brown', createdAt: '2026-11-01T00:00:00Z' }),
    recorded('TagApplied', { scope: 'conversation', tag: 'Flu', appliedAt: '2026-11-02T00:00:00Z' }),
    recorded('TagApplied', { scope: 'contact', tag: 'Campaign A', appliedAt: '2026-11-02T00:00:00Z' }),
    recorded('TagRemoved', { scope: 'conversation', tag: 'Flu', removedAt: '2026-11-05T00:00:00Z' }),
    recorded('TagApplied', { scope: 'conversation', tag: 'Flu', appliedAt: '2026-11-09T00:00:00Z' }),
    recorded('SlugChanged', { previousSlug: 'brown', slug: 'brown-2', changedAt: '2026-11-10T00:00:00Z' }),
    recorded('OwnerChanged', {
      owner: { type: 'team', id: 't1' },
      previousOwner: null,
      changedAt: '2026-11-10T00:00:00Z',
    }),
    recorded('MemberAdded', { staffId: 's1', addedAt: '2026-11-10T00:00:00Z' }),
    recorded('AutoAssignChanged', { enabled: true, reason: 'requested', changedAt: '2026-11-11T00:00:00Z' }),
  ];

  it('keeps the current settings of a link', async () => {
    expect(await fold(history)).toMatchObject({
      slug: 'brown-2',
      owner: { type: 'team', id: 't1' },
      memberIds: ['s1'],
      tags: { conversation: ['Flu'], contact: ['Campaign A'] },
      autoAssign: true,
      updatedAt: '2026-11-11T00:00:00Z',
    });
  });

  it('tells which tags applied at any moment, so conversations get the tags of their time', async () => {
    const doc = (await fold(history))!;
    expect(tagsAt(doc, 'conversation', '2026-11-03T00:00:00Z')).toEqual(['Flu']);
    expect(tagsAt(doc, 'conversation', '2026-11-06T00:00:00Z')).toEqual([]);
    expect(tagsAt(doc, 'conversation', '2026-11-09T12:00:00Z')).toEqual(['Flu']);
    expect(tagsAt(doc, 'contact', '2026-11-01T12:00:00Z')).toEqual([]);
  });

  it('marks an archived link and ignores events for a link it never saw created', async () => {
    expect((await fold([...history, recorded('LinkArchived', { archivedAt: '2026-11-12T00:00:00Z' })]))?.archived).toBe(
      true,
    );
    expect(await fold([recorded('LinkRenamed', { label: 'x', renamedAt: '2026-11-12T00:00:00Z' })])).toBeNull();
  });
});
