import type { Decider, DomainEvent } from '../shared/decider.js';

/**
 * How an email address stopped (or resumed) hearing from a practice: the
 * one-click unsubscribe in an invitation or reminder (RFC 8058), or a
 * revocation staff recorded (a call: "please stop emailing me").
 */
export type EmailConsentVia = 'unsubscribe' | 'staff';

export type EmailOptedOut = DomainEvent<
  'EmailOptedOut',
  {
    practiceId: string;
    email: string;
    via: EmailConsentVia;
    /** What staff wrote down with a revocation they recorded (personal data). */
    note: string | null;
    optedOutAt: string;
  }
>;
export type EmailConsentEvent = EmailOptedOut;
export const EMAIL_CONSENT_EVENT_TYPES = ['EmailOptedOut'] as const satisfies readonly EmailConsentEvent['type'][];

export interface OptOutOfEmail {
  type: 'OptOutOfEmail';
  practiceId: string;
  email: string;
  via: EmailConsentVia;
  note: string | null;
  at: string;
}

/** One stream per practice and address (named by a hash of the address): may this practice email it? */
export const emailConsentDecider: Decider<OptOutOfEmail, EmailConsentEvent, { optedOut: boolean }> = {
  initialState: { optedOut: false },
  evolve: () => ({ optedOut: true }),
  decide(command, state) {
    if (state.optedOut) return [];
    const { practiceId, email, via, note, at } = command;
    return [{ type: 'EmailOptedOut', data: { practiceId, email, via, note, optedOutAt: at } }];
  },
};

/** Addresses compare without case or surrounding spaces. */
export const normalEmail = (email: string): string => email.trim().toLowerCase();
