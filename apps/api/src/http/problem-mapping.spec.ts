import { DomainError, InviteCapReached, InvalidPhoneNumber, SlugTaken } from '@pi/domain';
import { describe, expect, it } from 'vitest';
import { toProblem } from './problem-mapping.js';

describe('problem mapping', () => {
  it('turns a domain rule into its status, type and details', () => {
    expect(toProblem(new SlugTaken('brown'))).toEqual({
      problem: {
        type: '/problems/slug-taken',
        title: 'Conflict',
        status: 409,
        detail: 'The slug "brown" is already taken; choose another.',
        slug: 'brown',
      },
      headers: {},
    });
    expect(toProblem(new InvalidPhoneNumber('phone')).problem).toMatchObject({
      status: 400,
      errors: [{ field: 'phone' }],
    });
  });

  it("never lets a rule's details replace the problem's own members", () => {
    class Clashing extends DomainError {
      readonly code = 'clashing';
      readonly kind = 'conflict';
      constructor() {
        super('It clashes.', { status: 'rejected', type: 'x', title: 'y', detail: 'z', requestId: 'r1' });
      }
    }
    expect(toProblem(new Clashing()).problem).toEqual({
      type: '/problems/clashing',
      title: 'Conflict',
      status: 409,
      detail: 'It clashes.',
      requestId: 'r1',
    });
  });

  it('answers a cap with 429 and Retry-After in seconds', () => {
    const { problem, headers } = toProblem(new InviteCapReached(5, 24, 3600));
    expect(problem).toMatchObject({ status: 429, type: '/problems/invite-cap-reached', retryAfterSeconds: 3600 });
    expect(headers).toEqual({ 'Retry-After': '3600' });
  });

  it('never shows the internals of an unexpected error', () => {
    const { problem } = toProblem(new Error('SQLITE_CORRUPT at /data/patient-invites.sqlite'));
    expect(problem).toMatchObject({ status: 500, type: '/problems/internal-error' });
    expect(JSON.stringify(problem)).not.toMatch(/SQLITE|\/data/);
  });

  it('answers a full or busy disk with 503 and Retry-After, not as a bug', () => {
    for (const code of ['SQLITE_FULL', 'SQLITE_BUSY', 'SQLITE_IOERR_WRITE', 'ENOSPC']) {
      const { problem, headers } = toProblem(Object.assign(new Error('database or disk is full'), { code }));
      expect(problem).toMatchObject({ status: 503, type: '/problems/storage-unavailable' });
      expect(headers).toEqual({ 'Retry-After': '5' });
    }
    expect(toProblem(Object.assign(new Error('no such table'), { code: 'SQLITE_ERROR' })).problem.status).toBe(500);
  });

  it('answers a provider that failed the request with 502 and its code, not as a bug', async () => {
    const { UpstreamFailed } = await import('../infrastructure/upstream-failed.js');
    expect(toProblem(new UpstreamFailed('code-not-sent', 'We could not send a text message.')).problem).toEqual({
      type: '/problems/code-not-sent',
      title: 'Bad gateway',
      status: 502,
      detail: 'We could not send a text message.',
    });
  });
});
