import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from './delivery-error.js';
import { SmtpEmailSender } from './smtp-email-sender.js';
import { startSmtpServer } from './testing/smtp-server.fixture.js';

const email = {
  practiceId: 'p1',
  dataSubjects: [],
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
    const server = await startSmtpServer();
    cleanups.push(() => server.close());
    const sender = new SmtpEmailSender({ url: server.url, fromAddress: 'invites@brown.example' });
    cleanups.push(() => sender.close());
    const result = await sender.send(email);
    expect(result.providerId).toBe('<inv-123-email@patient-invites>');
    expect(server.received).toHaveLength(1);
    const [message] = server.received;
    expect(message.from).toBe('invites@brown.example');
    expect(message.to).toEqual(['jane.doe+clinic@example.com']);
    expect(message.raw).toMatch(/^From: Brown Family Clinic <invites@brown\.example>/m);
    expect(message.raw).toMatch(/^Subject: Brown Family Clinic invites you to message securely/m);
    expect(message.raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(message.raw).toMatch(/Content-Type: text\/plain/);
    expect(message.raw).toMatch(/Content-Type: text\/html/);
  });

  it('carries the one-click unsubscribe headers (RFC 8058) when the email has an unsubscribe URL, and none otherwise', async () => {
    const server = await startSmtpServer();
    cleanups.push(() => server.close());
    const sender = new SmtpEmailSender({ url: server.url, fromAddress: 'invites@brown.example' });
    cleanups.push(() => sender.close());
    await sender.send({ ...email, unsubscribeUrl: 'https://invite.example/email/unsubscribe?t=abc' });
    await sender.send({ ...email, key: 'other' });
    expect(server.received[0].raw).toMatch(
      /^List-Unsubscribe: <https:\/\/invite\.example\/email\/unsubscribe\?t=abc>\r?$/m,
    );
    expect(server.received[0].raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(server.received[1].raw).not.toMatch(/List-Unsubscribe/);
  });

  it('reports a 5xx rejection as permanent and a 4xx one as worth retrying', async () => {
    for (const [code, transient] of [
      [550, false],
      [450, true],
    ] as const) {
      const server = await startSmtpServer({ reject: () => code });
      cleanups.push(() => server.close());
      const sender = new SmtpEmailSender({ url: server.url, fromAddress: 'invites@brown.example' });
      cleanups.push(() => sender.close());
      const error = await sender.send(email).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).transient, String(code)).toBe(transient);
      expect(server.received).toEqual([]);
    }
  });

  it('reports an unreachable server as worth retrying', async () => {
    const server = await startSmtpServer();
    await server.close();
    const sender = new SmtpEmailSender({ url: server.url, fromAddress: 'invites@brown.example', timeoutMs: 2000 });
    cleanups.push(() => sender.close());
    const error = await sender.send(email).catch((e: unknown) => e);
    expect(error).toMatchObject({ transient: true });
  });
});
