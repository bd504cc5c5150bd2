import type { Decider, DomainEvent } from '../shared/decider.js';
import type { EvidenceRef } from './phone-change.events.js';

/**
 * Evidence files are stored once by content, but each belongs to the
 * practices that uploaded it: one small stream per practice and file records
 * the upload, and only that practice may read the file or cite it in a request.
 */
export type EvidenceUploaded = DomainEvent<
  'EvidenceUploaded',
  EvidenceRef & { practiceId: string; uploadedBy: string; uploadedAt: string }
>;
export type EvidenceCommand = {
  type: 'RecordEvidenceUpload';
  practiceId: string;
  uploadedBy: string;
  evidence: EvidenceRef;
  at: string;
};
export type EvidenceState = { uploaded: false } | { uploaded: true; evidence: EvidenceRef };

export const evidenceDecider: Decider<EvidenceCommand, EvidenceUploaded, EvidenceState> = {
  initialState: { uploaded: false },
  evolve(_state, event) {
    const { sha256, size, contentType } = event.data;
    return { uploaded: true, evidence: { sha256, size, contentType } };
  },
  decide(command, state) {
    // The same file uploaded again by the same practice: already recorded.
    if (state.uploaded) return [];
    return [
      {
        type: 'EvidenceUploaded',
        data: {
          ...command.evidence,
          practiceId: command.practiceId,
          uploadedBy: command.uploadedBy,
          uploadedAt: command.at,
        },
      },
    ];
  },
};
