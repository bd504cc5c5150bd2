// Ports for outgoing messages; their adapters (SMTP via nodemailer, an HTTP SMS provider,
// the embedded outboxes) come with the invitations work.
export * from './email.port.js';
export * from './sms.port.js';
