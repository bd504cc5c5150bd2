import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from './delivery-error.js';
import { SmtpEmailSender } from './smtp-email-sender.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that keeps what it receives, or rejects recipients with a given code. */
async function smtpServer(options: { rejectWith?: number } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.rejectWith) {
        const error = Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: options.rejectWith });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const email = {
  key: 'inv-123-email',
  to: 'jane.doe+clinic@example.com',
  fromName: 'Brown Family Clinic',
  subject: 'Brown Family Clinic invites you to message securely',
  text: 'Hello, follow this link: https://invite.example/brown?i=abc',
  html: '<p>Hello, <a href="https://invite.example/brown?i=abc">follow this link</a></p>',
};

describe('SMTP email sender', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('delivers a message with a plain-text and an HTML part, the practice as sender name', async () => {
    const server = await smtpServer();
    cleanups.push(server.close);
    const sender = new SmtpEmailSender({ url: server.url, fromAddress: 'invites@brown.example' });
    cleanups.push(() => sender.close());
    const result = await sender.send(email);
    expect(result.providerId).toBe('<inv-123-email@patient-invites>');
    expect(server.received).toHaveLength(1);
    const [message] = server.received;
    expect(message!.from).toBe('invites@brown.example');
    expect(message!.to).toEqual(['jane.doe+clinic@example.com']);
    expect(message!.raw).toMatch(/^From: Brown Family Clinic <invites@brown\.example>/m);
    expect(message!.raw).toMatch(/^Subject: Brown Family Clinic invites you to message securely/m);
    expect(message!.raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(message!.raw).toMatch(/Content-Type: text\/plain/);
    expect(message!.raw).toMatch(/Content-Type: text\/html/);
  });

  it('reports a 5xx rejection as permanent and a 4xx one as worth retrying', async () => {
    for (const [code, transient] of [
      [550, false],
      [450, true],
    ] as const) {
      const server = await smtpServer({ rejectWith: code });
      cleanups.push(server.close);
      const sender = new SmtpEmailSender({ url: server.url, fromAddress: 'invites@brown.example' });
      cleanups.push(() => sender.close());
      const error = await sender.send(email).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).transient, String(code)).toBe(transient);
      expect(server.received).toEqual([]);
    }
  });

  it('reports an unreachable server as worth retrying', async () => {
    const server = await smtpServer();
    await server.close();
    const sender = new SmtpEmailSender({ url: server.url, fromAddress: 'invites@brown.example', timeoutMs: 2000 });
    cleanups.push(() => sender.close());
    const error = await sender.send(email).catch((e: unknown) => e);
    expect(error).toMatchObject({ transient: true });
  });
});
