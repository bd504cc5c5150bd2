import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import { readKeyword, smsConsentDecider, type SmsConsentEvent } from './sms-consent.js';

const spec = specFor(smsConsentDecider);
const at = '2026-11-26T10:00:00.000Z';
const out: SmsConsentEvent = {
  type: 'SmsOptedOut',
  data: { practiceId: 'p1', phone: '+14155550100', keyword: 'STOP', optedOutAt: at },
};

describe('SMS consent', () => {
  it('reads every opt-out keyword, any case, and STOPALL as for every practice', () => {
    for (const word of ['stop', 'Stop.', ' UNSUBSCRIBE ', 'cancel', 'end', 'quit', 'revoke', 'optout', 'opt out'])
      expect(readKeyword(word).kind, word).toBe('opt_out');
    expect(readKeyword('STOPALL')).toEqual({ kind: 'opt_out', keyword: 'STOPALL', everyPractice: true });
    expect(readKeyword('start').kind).toBe('opt_in');
    expect(readKeyword('UNSTOP').kind).toBe('opt_in');
    expect(readKeyword('help').kind).toBe('help');
    expect(readKeyword('please stop texting me').kind).toBe('other');
  });

  it('opts out once and back in once', () => {
    expect(
      spec
        .given([])
        .when({ type: 'OptOutOfSms', practiceId: 'p1', phone: '+14155550100', keyword: 'STOP', at })
        .events(),
    ).toEqual([out]);
    expect(
      spec
        .given([out])
        .when({ type: 'OptOutOfSms', practiceId: 'p1', phone: '+14155550100', keyword: 'END', at })
        .events(),
    ).toEqual([]);
    expect(
      spec
        .given([out])
        .when({ type: 'OptInToSms', practiceId: 'p1', phone: '+14155550100', keyword: 'START', at })
        .events(),
    ).toHaveLength(1);
    expect(
      spec
        .given([])
        .when({ type: 'OptInToSms', practiceId: 'p1', phone: '+14155550100', keyword: 'START', at })
        .events(),
    ).toEqual([]);
  });

  describe('when the provider says which message a reply is and when it was sent', () => {
    const start = { type: 'OptInToSms', practiceId: 'p1', phone: '+14155550100', keyword: 'START', at } as const;
    const stopAt = (messageId: string, sentAt: string): SmsConsentEvent => ({
      type: 'SmsOptedOut',
      data: { ...out.data, messageId, sentAt },
    });

    it('records the message id and the time sent with the change', () => {
      const events = spec
        .given([])
        .when({ ...out.data, type: 'OptOutOfSms', at, messageId: 'SM1', sentAt: at })
        .events();
      expect(events[0].data).toMatchObject({ messageId: 'SM1', sentAt: at });
    });

    it('changes nothing for a message it has counted already (a replay)', () => {
      const startedBefore: SmsConsentEvent = {
        type: 'SmsOptedIn',
        data: { practiceId: 'p1', phone: '+14155550100', keyword: 'START', optedInAt: at, messageId: 'SM2' },
      };
      spec
        .given([stopAt('SM1', '2026-11-26T09:00:00.000Z'), startedBefore, stopAt('SM3', '2026-11-26T09:30:00.000Z')])
        .when({ ...start, messageId: 'SM2' })
        .thenNothingHappened();
    });

    it('changes nothing for a reply sent before the last one recorded (delivered late)', () => {
      spec
        .given([stopAt('SM5', '2026-11-26T10:00:05.000Z')])
        .when({ ...start, messageId: 'SM4', sentAt: '2026-11-26T10:00:01.000Z' })
        .thenNothingHappened();
    });
  });
});
