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
    expect(spec.given([made, ...released]).when({ type: 'Reserve', scope: 'slug', ownerId: 'link-2', at }).events()).toHaveLength(1);
  });

  it('ignores a release by someone who does not hold the key', () => {
    expect(spec.given([made]).when({ type: 'Release', scope: 'slug', ownerId: 'link-2', at }).events()).toEqual([]);
  });
});
