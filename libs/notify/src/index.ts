export * from './email.port.js';
export * from './sms.port.js';
export * from './delivery-error.js';
export * from './sms-segments.js';
export * from './smtp-email-sender.js';
export * from './twilio-sms-sender.js';
export * from './twilio-signature.js';
export * from './dev-outbox.js';
