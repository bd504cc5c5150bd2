import type { SmsConsentEvent } from '@pi/domain';
import type { Projection, ProjectionEngine } from '@pi/read-store';

export interface SmsConsentDoc {
  id: string;
  practiceId: string;
  optedOut: boolean;
  keyword: string;
  at: string;
}

export const smsConsentProjection: Projection<SmsConsentDoc, SmsConsentEvent> = {
  name: 'sms-consent',
  version: 1,
  indexes: [],
  eventTypes: ['SmsOptedOut', 'SmsOptedIn'],
  // The consent stream is named by the number's hash (`smsconsent-<practice>_<hash>`): the read model hashes nothing.
  documentId: (event) => `${event.data.practiceId}_${hashInStream(event.streamId)}`,
  evolve(_doc, event) {
    const { practiceId, keyword } = event.data;
    const at = event.type === 'SmsOptedOut' ? event.data.optedOutAt : event.data.optedInAt;
    const id = `${practiceId}_${hashInStream(event.streamId)}`;
    return { id, practiceId, optedOut: event.type === 'SmsOptedOut', keyword, at };
  },
};

const hashInStream = (streamId: string) => streamId.slice(streamId.indexOf('_') + 1);

/** A number's opt-out state at a practice, by its hashes (keyed; else the bare one of a data directory from before). */
export async function smsConsentOf(
  readModels: ProjectionEngine,
  practiceId: string,
  hash: { keyed: string; legacy: string },
): Promise<SmsConsentDoc | null> {
  return (
    (await readModels.get<SmsConsentDoc>(smsConsentProjection.name, `${practiceId}_${hash.keyed}`)) ??
    readModels.get<SmsConsentDoc>(smsConsentProjection.name, `${practiceId}_${hash.legacy}`)
  );
}
