import type { SmsConsentEvent } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, expect, it } from 'vitest';
import { smsConsentProjection } from './sms-consent.projection.js';

const spec = projectionSpec(smsConsentProjection);
/** The number's keyed hash names its consent stream; the read model takes it from there. */
const phoneHash = 'kPhoneHash0000000000000';
const stream = (practiceId: string) => ({ streamId: `smsconsent-${practiceId}_${phoneHash}` });
const out = (practiceId = 'p1') =>
  recorded<SmsConsentEvent>(
    {
      type: 'SmsOptedOut',
      data: { practiceId, phone: '+14155550100', keyword: 'STOP', optedOutAt: '2026-11-01T00:00:00Z' },
    },
    stream(practiceId),
  );
const back = () =>
  recorded<SmsConsentEvent>(
    {
      type: 'SmsOptedIn',
      data: { practiceId: 'p1', phone: '+14155550100', keyword: 'START', optedInAt: '2026-11-02T00:00:00Z' },
    },
    stream('p1'),
  );
const id = (practiceId: string) => `${practiceId}_${phoneHash}`;

describe('sms-consent read model', () => {
  it('keeps the latest answer per practice and number, the number only hashed in the id', async () => {
    await spec
      .given()
      .when(out())
      .then(id('p1'), { id: id('p1'), practiceId: 'p1', optedOut: true, keyword: 'STOP', at: '2026-11-01T00:00:00Z' });
    await spec
      .given(out())
      .when(back())
      .then(id('p1'), {
        id: id('p1'),
        practiceId: 'p1',
        optedOut: false,
        keyword: 'START',
        at: '2026-11-02T00:00:00Z',
      });
    expect(id('p1')).not.toContain('4155550100');
  });

  it('keeps practices apart: a STOP to one practice is not a STOP to another', async () => {
    const docs = await spec.given(out('p2')).when(back()).documents();
    expect(docs.get(id('p2'))!.optedOut).toBe(true);
    expect(docs.get(id('p1'))!.optedOut).toBe(false);
  });
});
