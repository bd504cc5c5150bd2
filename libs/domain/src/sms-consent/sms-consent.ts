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
  } & ReplyFacts
>;
export type SmsOptedIn = DomainEvent<
  'SmsOptedIn',
  { practiceId: string; phone: string; keyword: string; optedInAt: string } & ReplyFacts
>;

/**
 * What the SMS provider said of a reply (since replays were refused): its message id, so the same message
 * counts once however often it is posted, and when the patient sent it, so replies count in the order sent.
 */
export interface ReplyFacts {
  messageId?: string;
  sentAt?: string;
}
export type SmsConsentEvent = SmsOptedOut | SmsOptedIn;
export const SMS_CONSENT_EVENT_TYPES = [
  'SmsOptedOut',
  'SmsOptedIn',
] as const satisfies readonly SmsConsentEvent['type'][];

export type SmsConsentCommand =
  | ({
      type: 'OptOutOfSms';
      practiceId: string;
      phone: string;
      keyword: string;
      via?: SmsConsentVia;
      note?: string | null;
      at: string;
    } & ReplyFacts)
  | ({ type: 'OptInToSms'; practiceId: string; phone: string; keyword: string; at: string } & ReplyFacts);

export interface SmsConsentState {
  optedOut: boolean;
  /** The provider's ids of the replies recorded: a replayed webhook changes nothing. */
  messageIds: readonly string[];
  /** When the latest recorded reply was sent: an older one arriving late does not undo it. */
  lastSentAt: string | null;
}

/** Facts of a reply to record with its event (none for a revocation staff recorded). */
const replyFacts = (command: ReplyFacts): ReplyFacts => ({
  ...(command.messageId ? { messageId: command.messageId } : {}),
  ...(command.sentAt ? { sentAt: command.sentAt } : {}),
});

/** Whether the provider's message was counted already, or a later-sent reply was recorded before it arrived. */
const stale = (command: ReplyFacts, state: SmsConsentState): boolean =>
  (!!command.messageId && state.messageIds.includes(command.messageId)) ||
  (!!command.sentAt && state.lastSentAt !== null && command.sentAt < state.lastSentAt);

const withReply = (state: SmsConsentState, facts: ReplyFacts): Omit<SmsConsentState, 'optedOut'> => ({
  messageIds: facts.messageId ? [...state.messageIds, facts.messageId] : state.messageIds,
  lastSentAt:
    facts.sentAt && (state.lastSentAt === null || facts.sentAt > state.lastSentAt) ? facts.sentAt : state.lastSentAt,
});

/** One stream per practice and phone (named by a hash of the phone): may this practice text this number? */
export const smsConsentDecider: Decider<SmsConsentCommand, SmsConsentEvent, SmsConsentState> = {
  initialState: { optedOut: false, messageIds: [], lastSentAt: null },
  evolve(state, event) {
    switch (event.type) {
      case 'SmsOptedOut':
        return { optedOut: true, ...withReply(state, event.data) };
      case 'SmsOptedIn':
        return { optedOut: false, ...withReply(state, event.data) };
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'OptOutOfSms':
        // A replayed webhook, or a reply sent before the one already recorded, changes nothing.
        if (state.optedOut || stale(command, state)) return [];
        return [
          {
            type: 'SmsOptedOut',
            data: {
              practiceId: command.practiceId,
              phone: command.phone,
              keyword: command.keyword,
              ...(command.via === 'staff' ? { via: 'staff' as const, note: command.note ?? null } : {}),
              optedOutAt: command.at,
              ...replyFacts(command),
            },
          },
        ];
      case 'OptInToSms':
        if (!state.optedOut || stale(command, state)) return [];
        return [
          {
            type: 'SmsOptedIn',
            data: {
              practiceId: command.practiceId,
              phone: command.phone,
              keyword: command.keyword,
              optedInAt: command.at,
              ...replyFacts(command),
            },
          },
        ];
    }
  },
};
