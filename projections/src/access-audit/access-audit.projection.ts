import type { PersonalDataKind, PersonalDataRead } from '@pi/domain';
import type { Projection } from '@pi/read-store';

/** One read of personal data: who, when, from where, through which route, which records (ids only). */
export interface AccessAuditDoc {
  id: string;
  practiceId: string;
  readerId: string;
  route: string;
  kind: PersonalDataKind;
  subjectIds: string[];
  patientIds: string[];
  address: string | null;
  at: string;
}

export const accessAuditProjection: Projection<AccessAuditDoc, PersonalDataRead> = {
  name: 'access-audit',
  version: 1,
  indexes: [
    { fields: ['practiceId', 'at'] },
    { fields: ['practiceId', 'readerId', 'at'] },
    { fields: ['patientIds'], multikey: true },
  ],
  eventTypes: ['PersonalDataRead'],
  documentId: (event) => event.id,
  evolve(_doc, event) {
    const { practiceId, readerId, route, kind, subjectIds, patientIds, address, readAt } = event.data;
    return { id: event.id, practiceId, readerId, route, kind, subjectIds, patientIds, address, at: readAt };
  },
};
