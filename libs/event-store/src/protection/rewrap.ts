import type { DataKeyRing } from './data-key-ring.js';
import type { SubjectKeyStore } from './subject-keys.port.js';

/**
 * Re-wraps every data key that another KEK wrapped with the current one (after
 * a KEK rotation), page by page; a key destroyed meanwhile stays destroyed.
 * Once it reports nothing left, the previous KEKs can be removed.
 */
export async function rewrapDataKeys(
  store: SubjectKeyStore,
  ring: DataKeyRing,
  pageSize = 500,
): Promise<{ rewrapped: number; skipped: number }> {
  let rewrapped = 0;
  let skipped = 0;
  const seen = new Set<string>();
  for (;;) {
    const page = (await store.wrappedByOther(ring.currentKekId, pageSize)).filter((row) => !seen.has(row.subject));
    if (page.length === 0) return { rewrapped, skipped };
    for (const row of page) {
      seen.add(row.subject);
      const key = ring.unwrap(row);
      if (key === 'destroyed') continue;
      if (await store.rewrap(row, ring.wrap(row.subject, key))) rewrapped += 1;
      else skipped += 1;
    }
  }
}
