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
});
