import type { SmsConsentEvent } from '@pi/domain';
import type { Projection, ProjectionEngine } from '@pi/read-store';
import { phoneHash } from '../consent-history/address-hash.js';

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
