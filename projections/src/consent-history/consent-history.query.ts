import type { Page, ProjectionEngine } from '@pi/read-store';
import {
  consentHistoryId,
  consentHistoryProjection,
  type ConsentChannel,
  type ConsentHistoryDoc,
  type MessageAfter,
} from './consent-history.projection.js';

/**
 * One address's consent history at a practice, found by its hashes (the keyed one, and the bare one a data
 * directory from before may hold: their entries are merged, oldest first), or null when none was ever recorded.
 */
export async function consentHistoryOf(
  readModels: ProjectionEngine,
  practiceId: string,
  channel: ConsentChannel,
  hash: { keyed: string; legacy: string },
): Promise<ConsentHistoryDoc | null> {
  const [keyed, legacy] = await Promise.all(
    [hash.keyed, hash.legacy].map((h) =>
      readModels.get<ConsentHistoryDoc>(consentHistoryProjection.name, consentHistoryId(practiceId, channel, h)),
    ),
  );
  if (!legacy) return keyed;
  const entries = [...legacy.entries, ...(keyed?.entries ?? [])].sort((a, b) => a.at.localeCompare(b.at));
  return {
    ...(keyed ?? legacy),
    addressHash: hash.keyed,
    optedOut: keyed ? keyed.optedOut : legacy.optedOut,
    revoked: legacy.revoked || !!keyed?.revoked,
    entries,
    subjects: [...new Set([...legacy.subjects, ...(keyed?.subjects ?? [])])],
  };
}

export interface Revocation {
  channel: ConsentChannel;
  addressHash: string;
  /** When the revocation was received (the STOP, the unsubscribe, the staff record). */
  receivedAt: string;
  via: string;
  keyword: string | null;
  recordedBy: string;
  /** When the address opted in again, if it did. */
  optedInAgainAt: string | null;
  /** What was sent to the address after the revocation and before any opt-in again: none, when honoured. */
  messagesAfter: MessageAfter[];
}

/** Every revocation a practice received in [from, to), oldest first, with what was sent after each. */
export async function revocationsIn(
  readModels: ProjectionEngine,
  practiceId: string,
  period: { from: string; to: string },
): Promise<Revocation[]> {
  const revocations: Revocation[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<ConsentHistoryDoc> = await readModels.find<ConsentHistoryDoc>(consentHistoryProjection.name, {
      where: { practiceId, revoked: true },
      limit: 500,
      cursor,
    });
    for (const doc of page.items)
      doc.entries.forEach((entry, i) => {
        if (entry.change !== 'opt_out' || entry.at < period.from || entry.at >= period.to) return;
        const optedIn = doc.entries.slice(i + 1).find((later) => later.change === 'opt_in' && later.via !== 'signup');
        revocations.push({
          channel: doc.channel,
          addressHash: doc.addressHash,
          receivedAt: entry.at,
          via: entry.via,
          keyword: entry.keyword,
          recordedBy: entry.recordedBy,
          optedInAgainAt: optedIn?.at ?? null,
          messagesAfter: entry.messagesAfter ?? [],
        });
      });
    cursor = page.nextCursor;
  } while (cursor);
  return revocations.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
}
