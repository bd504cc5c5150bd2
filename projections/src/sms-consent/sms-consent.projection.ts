import { createHash } from 'node:crypto';
import type { SmsConsentEvent } from '@pi/domain';
import type { Projection, ProjectionEngine } from '@pi/read-store';

/** The phone appears only hashed in stream names and document ids. */
export function phoneHash(e164: string): string {
  return createHash('sha256').update(e164).digest('base64url').slice(0, 22);
}

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
  documentId: (event) => {
    const { practiceId, phone } = event.data;
    return `${practiceId}_${phoneHash(phone)}`;
  },
  evolve(_doc, event) {
    const { practiceId, phone, keyword } = event.data;
    const at = event.type === 'SmsOptedOut' ? event.data.optedOutAt : event.data.optedInAt;
    return { id: `${practiceId}_${phoneHash(phone)}`, practiceId, optedOut: event.type === 'SmsOptedOut', keyword, at };
  },
};

export function smsConsentOf(
  readModels: ProjectionEngine,
  practiceId: string,
  phone: string,
): Promise<SmsConsentDoc | null> {
  return readModels.get<SmsConsentDoc>(smsConsentProjection.name, `${practiceId}_${phoneHash(phone)}`);
}
