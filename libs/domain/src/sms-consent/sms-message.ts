import type { Decider, DomainEvent } from '../shared/decider.js';

/**
 * A text the SMS provider posted to the inbound webhook, by the provider's message id: one stream per
 * message, so the same message counts once however often it is posted (a replayed, signed START must not
 * undo a later STOP). Holds no content and no number.
 */
export type SmsMessageReceived = DomainEvent<'SmsMessageReceived', { messageId: string; receivedAt: string }>;
export type ReceiveSmsMessage = { type: 'ReceiveSmsMessage'; messageId: string; at: string };

export const smsMessageDecider: Decider<ReceiveSmsMessage, SmsMessageReceived, { received: boolean }> = {
  initialState: { received: false },
  evolve: () => ({ received: true }),
  decide: (command, state) =>
    state.received
      ? []
      : [{ type: 'SmsMessageReceived', data: { messageId: command.messageId, receivedAt: command.at } }],
};
