import type { ResendInvite, SendInvite, SendReminder } from './invitation.commands.js';

/**
 * A send, resend or reminder as the invitation's stream will record it. Recorded first
 * on the contact's stream (with the cap it counts against), so a command cut
 * short between the two streams is finished from the log: running it again
 * records nothing twice (the invitation knows every token it was sent with).
 */
export type PendingSend = SendInvite | ResendInvite | SendReminder;
