/**
 * A provider the request depends on (the SMS gateway sending a code) failed:
 * not a rule the caller broke and not a bug. HTTP answers 502 with `code`;
 * the message is written for the patient and holds no personal data.
 */
export class UpstreamFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamFailed';
  }
}
