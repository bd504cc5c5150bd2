import { describe, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import { emailConsentDecider, type EmailConsentEvent } from './email-consent.js';

const spec = specFor(emailConsentDecider);
const at = '2026-12-01T10:00:00.000Z';
const out: EmailConsentEvent = {
  type: 'EmailOptedOut',
  data: { practiceId: 'p1', email: 'jane@example.com', via: 'unsubscribe', note: null, optedOutAt: at },
};

describe('email consent', () => {
  it('records an unsubscribe once (a second click changes nothing)', () => {
    const unsubscribe = {
      type: 'OptOutOfEmail',
      practiceId: 'p1',
      email: 'jane@example.com',
      via: 'unsubscribe',
      note: null,
      at,
    } as const;
    spec.given().when(unsubscribe).then([out]);
    spec.given([out]).when(unsubscribe).thenNothingHappened();
  });
});
