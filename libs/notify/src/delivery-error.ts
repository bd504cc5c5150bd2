/**
 * Why a message did not go out. `transient` failures (a timeout, a 4xx from
 * SMTP, a 5xx or 429 from the SMS provider) are worth retrying with back-off;
 * permanent ones (a rejected address) are not.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}
