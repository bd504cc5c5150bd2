import type { Upcaster } from '@pi/event-store';

/**
 * Upcasters for every event whose schema changed after it was first stored
 * (none yet). Add one per version step: { type, fromVersion, upcast }.
 */
export const upcasters: readonly Upcaster[] = [];
