import { describe, expect, it } from 'vitest';
import { specFor } from './given-when-then.js';
import { ReservationHeld, reservationDecider, type ReservationMade } from './reservation.js';

const spec = specFor(reservationDecider);
const at = '2026-11-26T10:00:00.000Z';
const made: ReservationMade = { type: 'ReservationMade', data: { scope: 'slug', ownerId: 'link-1', reservedAt: at } };

describe('reservation', () => {
  it('reserves a free key for its first owner', () => {
    expect(spec.given([]).when({ type: 'Reserve', scope: 'slug', ownerId: 'link-1', at }).events()).toEqual([made]);
  });

  it('refuses the key to another owner, naming the holder', () => {
    const error = spec.given([made]).when({ type: 'Reserve', scope: 'slug', ownerId: 'link-2', at }).error();
    expect(error).toBeInstanceOf(ReservationHeld);
    expect((error as ReservationHeld).holder).toBe('link-1');
  });

  it('answers a retried reservation by the same owner with nothing new', () => {
    expect(spec.given([made]).when({ type: 'Reserve', scope: 'slug', ownerId: 'link-1', at }).events()).toEqual([]);
  });

  it('frees the key when its holder releases it, so someone else can take it', () => {
    const released = spec.given([made]).when({ type: 'Release', scope: 'slug', ownerId: 'link-1', at }).events();
    expect(released).toHaveLength(1);
    expect(
      spec
        .given([made, ...released])
        .when({ type: 'Reserve', scope: 'slug', ownerId: 'link-2', at })
        .events(),
    ).toHaveLength(1);
  });

  it('ignores a release by someone who does not hold the key', () => {
    expect(spec.given([made]).when({ type: 'Release', scope: 'slug', ownerId: 'link-2', at }).events()).toEqual([]);
  });

  describe('a holder that never came into existence', () => {
    const later = '2026-11-26T10:00:30.000Z';
    const soon = '2026-11-26T10:00:29.999Z';

    it('gives the key to the next claimant once the grace period has passed, recording why', () => {
      expect(
        spec
          .given([made])
          .when({ type: 'Reserve', scope: 'slug', ownerId: 'link-2', at: later, absentHolder: { holder: 'link-1' } })
          .events(),
      ).toEqual([
        {
          type: 'ReservationReleased',
          data: { scope: 'slug', ownerId: 'link-1', releasedAt: later, reason: 'abandoned' },
        },
        { type: 'ReservationMade', data: { scope: 'slug', ownerId: 'link-2', reservedAt: later } },
      ]);
    });

    it('keeps it for its holder during the grace period (the owner may still be on its way)', () => {
      expect(
        spec
          .given([made])
          .when({ type: 'Reserve', scope: 'slug', ownerId: 'link-2', at: soon, absentHolder: { holder: 'link-1' } })
          .error(),
      ).toBeInstanceOf(ReservationHeld);
    });

    it('keeps it when the absent one is not the holder any more (a fact about someone else)', () => {
      const moved = [
        made,
        { type: 'ReservationReleased' as const, data: { scope: 'slug', ownerId: 'link-1', releasedAt: at } },
        { type: 'ReservationMade' as const, data: { scope: 'slug', ownerId: 'link-3', reservedAt: at } },
      ];
      expect(
        spec
          .given(moved)
          .when({ type: 'Reserve', scope: 'slug', ownerId: 'link-2', at: later, absentHolder: { holder: 'link-1' } })
          .error(),
      ).toBeInstanceOf(ReservationHeld);
    });

    it('is released by a repair only when abandoned, and a second repair does nothing', () => {
      const repair = {
        type: 'ReleaseAbandoned' as const,
        scope: 'slug',
        absentHolder: { holder: 'link-1' },
        at: later,
      };
      const released = spec.given([made]).when(repair).events();
      expect(released).toEqual([
        {
          type: 'ReservationReleased',
          data: { scope: 'slug', ownerId: 'link-1', releasedAt: later, reason: 'abandoned' },
        },
      ]);
      expect(
        spec
          .given([made, ...released])
          .when(repair)
          .events(),
      ).toEqual([]);
      expect(
        spec
          .given([made])
          .when({ ...repair, at: soon })
          .events(),
      ).toEqual([]);
    });
  });
});
