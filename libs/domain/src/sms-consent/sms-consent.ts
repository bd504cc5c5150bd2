import type { Decider, DomainEvent } from '../shared/decider.js';

/** TCPA (FCC 24-18): any of these revokes consent; START or UNSTOP gives it back; HELP gets one informative reply. */
export const OPT_OUT_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
  'OPT OUT',
] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP'] as const;

export type InboundKeyword =
  | { kind: 'opt_out'; keyword: string; everyPractice: boolean }
  | { kind: 'opt_in'; keyword: string }
  | { kind: 'help' }
  | { kind: 'other' };

/** Reads a patient's reply the way carriers do: the whole message, trimmed, case ignored. */
export function readKeyword(body: string): InboundKeyword {
  const text = body
    .trim()
    .toUpperCase()
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ');
  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(text))
    return { kind: 'opt_out', keyword: text, everyPractice: text === 'STOPALL' };
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(text)) return { kind: 'opt_in', keyword: text };
  if (text === 'HELP' || text === 'INFO') return { kind: 'help' };
  return { kind: 'other' };
}

/** A reply to the practice's number (STOP, START), or a revocation staff recorded from a call (keyword `STAFF`). */
export type SmsConsentVia = 'reply' | 'staff';
export const STAFF_KEYWORD = 'STAFF';

export type SmsOptedOut = DomainEvent<
  'SmsOptedOut',
  {
    practiceId: string;
    phone: string;
    keyword: string;
    /** Absent on events before staff could record revocations: a reply. */
    via?: SmsConsentVia;
    /** What staff wrote down with a revocation they recorded (personal data). */
    note?: string | null;
    optedOutAt: string;
  }
>;
export type SmsOptedIn = DomainEvent<
  'SmsOptedIn',
  { practiceId: string; phone: string; keyword: string; optedInAt: string }
>;
export type SmsConsentEvent = SmsOptedOut | SmsOptedIn;
export const SMS_CONSENT_EVENT_TYPES = [
  'SmsOptedOut',
  'SmsOptedIn',
] as const satisfies readonly SmsConsentEvent['type'][];

export type SmsConsentCommand =
  | {
      type: 'OptOutOfSms';
      practiceId: string;
      phone: string;
      keyword: string;
      via?: SmsConsentVia;
      note?: string | null;
      at: string;
    }
  | { type: 'OptInToSms'; practiceId: string; phone: string; keyword: string; at: string };

export interface SmsConsentState {
  optedOut: boolean;
}

/** One stream per practice and phone (named by a hash of the phone): may this practice text this number? */
export const smsConsentDecider: Decider<SmsConsentCommand, SmsConsentEvent, SmsConsentState> = {
  initialState: { optedOut: false },
  evolve(_state, event) {
    switch (event.type) {
      case 'SmsOptedOut':
        return { optedOut: true };
      case 'SmsOptedIn':
        return { optedOut: false };
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'OptOutOfSms':
        if (state.optedOut) return [];
        return [
          {
            type: 'SmsOptedOut',
            data: {
              practiceId: command.practiceId,
              phone: command.phone,
              keyword: command.keyword,
              ...(command.via === 'staff' ? { via: 'staff' as const, note: command.note ?? null } : {}),
              optedOutAt: command.at,
            },
          },
        ];
      case 'OptInToSms':
        if (!state.optedOut) return [];
        return [
          {
            type: 'SmsOptedIn',
            data: {
              practiceId: command.practiceId,
              phone: command.phone,
              keyword: command.keyword,
              optedInAt: command.at,
            },
          },
        ];
    }
  },
};
