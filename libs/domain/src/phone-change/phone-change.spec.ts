import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import {
  OwnRequestReview,
  PhoneChangeNotOpen,
  PhoneChangeRequestNotFound,
  phoneChangeDecider,
  ReasonRequired,
} from './phone-change.decide.js';
import type { PhoneChangeEvent } from './phone-change.events.js';

const spec = specFor(phoneChangeDecider);
const at = '2026-11-27T10:00:00.000Z';
const evidence = { sha256: 'a'.repeat(64), size: 1234, contentType: 'image/jpeg' };
const on = { requestId: 'r1', patientId: 'pt1', practiceIds: ['p1'] };
const requested = spec
  .given([])
  .when({
    type: 'RequestPhoneChange',
    ...on,
    name: ' Jane Doe ',
    newPhone: '+14155550199',
    evidence,
    requestedBy: 's1',
    at,
  })
  .events();

describe('phone change request', () => {
  it('is filed with the evidence hash and size only, then approved with a code to the new number and completed when it is verified', () => {
    expect(requested).toEqual([
      {
        type: 'PhoneChangeRequested',
        data: { ...on, name: 'Jane Doe', newPhone: '+14155550199', evidence, requestedBy: 's1', requestedAt: at },
      },
    ]);
    const approved = spec
      .given(requested)
      .when({
        type: 'ApprovePhoneChange',
        requestId: 'r1',
        by: 'a1',
        reason: 'photo matches ID',
        verificationId: 'v2',
        at,
      })
      .events();
    expect(approved).toEqual([
      {
        type: 'PhoneChangeApproved',
        data: { ...on, by: 'a1', reason: 'photo matches ID', verificationId: 'v2', approvedAt: at },
      },
    ]);
    const history: PhoneChangeEvent[] = [...requested, ...approved];
    expect(
      spec.given(history).when({ type: 'CompletePhoneChange', requestId: 'r1', verificationId: 'other', at }).error(),
    ).toBeInstanceOf(PhoneChangeNotOpen);
    const completed = spec
      .given(history)
      .when({ type: 'CompletePhoneChange', requestId: 'r1', verificationId: 'v2', at })
      .events();
    expect(completed).toEqual([
      { type: 'PhoneChangeCompleted', data: { ...on, verificationId: 'v2', completedAt: at } },
    ]);
    expect(
      spec
        .given([...history, ...completed])
        .when({ type: 'CompletePhoneChange', requestId: 'r1', verificationId: 'v2', at })
        .events(),
    ).toEqual([]);
  });

  it('is rejected only with a reason, and a decided request is not decided again', () => {
    expect(
      spec.given(requested).when({ type: 'RejectPhoneChange', requestId: 'r1', by: 'a1', reason: ' ', at }).error(),
    ).toBeInstanceOf(ReasonRequired);
    const rejected = spec
      .given(requested)
      .when({ type: 'RejectPhoneChange', requestId: 'r1', by: 'a1', reason: 'face not visible', at })
      .events();
    expect(
      spec
        .given([...requested, ...rejected])
        .when({ type: 'ApprovePhoneChange', requestId: 'r1', by: 'a1', reason: '', verificationId: 'v', at })
        .error(),
    ).toBeInstanceOf(PhoneChangeNotOpen);
    expect(
      spec
        .given([...requested, ...rejected])
        .when({ type: 'CompletePhoneChange', requestId: 'r1', verificationId: 'v', at })
        .error(),
    ).toBeInstanceOf(PhoneChangeNotOpen);
    expect(
      spec.given([]).when({ type: 'RejectPhoneChange', requestId: 'r9', by: 'a1', reason: 'x', at }).error(),
    ).toBeInstanceOf(PhoneChangeRequestNotFound);
  });

  it('is never decided by the person who filed it', () => {
    expect(
      spec
        .given(requested)
        .when({ type: 'ApprovePhoneChange', requestId: 'r1', by: 's1', reason: 'looks fine', verificationId: 'v', at })
        .error(),
    ).toBeInstanceOf(OwnRequestReview);
    expect(
      spec.given(requested).when({ type: 'RejectPhoneChange', requestId: 'r1', by: 's1', reason: 'no', at }).error(),
    ).toBeInstanceOf(OwnRequestReview);
  });
});
