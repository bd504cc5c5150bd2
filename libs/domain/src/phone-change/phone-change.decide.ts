import type { Decider } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import type { EvidenceRef, PhoneChangeCommand, PhoneChangeEvent } from './phone-change.events.js';

export type PhoneChangeStatus = 'requested' | 'approved' | 'rejected' | 'completed';
export type PhoneChangeState =
  | { status: 'none' }
  | {
      status: PhoneChangeStatus;
      requestId: string;
      patientId: string;
      practiceIds: string[];
      newPhone: string;
      requestedBy: string;
      filedByPracticeId: string;
      evidence: EvidenceRef;
      verificationId: string | null;
    };

export class PhoneChangeRequestNotFound extends DomainError {
  readonly code = 'phone-change-request-not-found';
  readonly kind = 'not_found';
  constructor(requestId: string) {
    super(`No phone change request ${requestId}.`, { requestId });
  }
}

export class PhoneChangeNotOpen extends DomainError {
  readonly code = 'phone-change-not-open';
  readonly kind = 'conflict';
  constructor(status: PhoneChangeStatus, wanted: string) {
    super(
      `This request is ${status}; it can be ${wanted} only while it is ${wanted === 'completed' ? 'approved' : 'waiting for review'}.`,
      { requestStatus: status },
    );
  }
}

/** Four eyes: whoever filed a request does not also decide it. */
export class OwnRequestReview extends DomainError {
  readonly code = 'own-request-review';
  readonly kind = 'forbidden';
  constructor() {
    super('You filed this request, so someone else (support or an admin) must review it.');
  }
}

export class ReasonRequired extends DomainError {
  readonly code = 'reason-required';
  readonly kind = 'invalid';
  constructor() {
    super('A reason is required to reject a request.', {
      errors: [{ field: 'reason', messages: ['reason is required to reject a request'] }],
    });
  }
}

function open(state: PhoneChangeState, requestId: string) {
  if (state.status === 'none') throw new PhoneChangeRequestNotFound(requestId);
  return state;
}

/** A lost phone is changed only through a reviewed request with face-and-ID evidence and a code to the new number. */
export const phoneChangeDecider: Decider<PhoneChangeCommand, PhoneChangeEvent, PhoneChangeState> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    switch (event.type) {
      case 'PhoneChangeRequested': {
        const { requestId, patientId, practiceIds, newPhone, requestedBy, evidence } = event.data;
        const filedByPracticeId = event.data.filedByPracticeId ?? practiceIds[0];
        return {
          status: 'requested',
          requestId,
          patientId,
          practiceIds,
          newPhone,
          requestedBy,
          filedByPracticeId,
          evidence,
          verificationId: null,
        };
      }
      case 'PhoneChangeApproved':
        return state.status === 'none'
          ? state
          : { ...state, status: 'approved', verificationId: event.data.verificationId };
      case 'PhoneChangeRejected':
        return state.status === 'none' ? state : { ...state, status: 'rejected' };
      case 'PhoneChangeCompleted':
        return state.status === 'none' ? state : { ...state, status: 'completed' };
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
  decide(command, state) {
    if (command.type === 'RequestPhoneChange') {
      if (state.status !== 'none') return [];
      const { type: _type, at, ...data } = command;
      return [{ type: 'PhoneChangeRequested', data: { ...data, name: data.name.trim(), requestedAt: at } }];
    }
    const request = open(state, command.requestId);
    const on = { requestId: request.requestId, patientId: request.patientId, practiceIds: request.practiceIds };
    switch (command.type) {
      case 'ApprovePhoneChange':
        if (request.status !== 'requested') throw new PhoneChangeNotOpen(request.status, 'approved');
        if (command.by === request.requestedBy) throw new OwnRequestReview();
        return [
          {
            type: 'PhoneChangeApproved',
            data: {
              ...on,
              by: command.by,
              reason: command.reason.trim(),
              verificationId: command.verificationId,
              approvedAt: command.at,
            },
          },
        ];
      case 'RejectPhoneChange':
        if (request.status !== 'requested') throw new PhoneChangeNotOpen(request.status, 'rejected');
        if (command.by === request.requestedBy) throw new OwnRequestReview();
        if (!command.reason.trim()) throw new ReasonRequired();
        return [
          {
            type: 'PhoneChangeRejected',
            data: { ...on, by: command.by, reason: command.reason.trim(), rejectedAt: command.at },
          },
        ];
      case 'CompletePhoneChange':
        if (request.status === 'completed' && request.verificationId === command.verificationId) return [];
        if (request.status !== 'approved' || request.verificationId !== command.verificationId)
          throw new PhoneChangeNotOpen(request.status, 'completed');
        return [
          {
            type: 'PhoneChangeCompleted',
            data: { ...on, verificationId: command.verificationId, completedAt: command.at },
          },
        ];
    }
  },
};
