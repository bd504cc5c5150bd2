import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from './delivery-error.js';
import { TwilioSmsSender } from './twilio-sms-sender.js';

interface Seen {
  method: string;
  path: string;
  authorization: string;
  contentType: string;
  form: Record<string, string>;
}

/** A local HTTP server shaped like the provider's Messages endpoint. */
async function provider(respond: (seen: Seen) => { status: number; body?: object } | 'hang') {
  const seen: Seen[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const entry = {
        method: request.method ?? '',
        path: request.url ?? '',
        authorization: request.headers.authorization ?? '',
        contentType: request.headers['content-type'] ?? '',
        form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString())),
      };
      seen.push(entry);
      const answer = respond(entry);
      if (answer === 'hang') return; // accepts, never answers
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    seen,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const sms = {
  key: 'inv-1-sms',
  practiceId: 'p1',
  dataSubjects: [],
  to: '+14155550100',
  text: 'Brown Family Clinic invites you: https://invite.example/brown?i=abc',
};

describe('Twilio-shaped SMS sender', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
  });

  it('posts the form with basic auth, sender and status callback, and returns the message sid', async () => {
    const server = await provider(() => ({ status: 201, body: { sid: 'SM123', status: 'queued' } }));
    cleanups.push(server.close);
    const sender = new TwilioSmsSender({
      baseUrl: server.url,
      accountSid: 'AC42',
      authToken: 'secret',
      from: '+14155550000',
      statusCallbackUrl: 'https://api.example/v1/sms/status',
    });
    expect(await sender.send(sms)).toEqual({ providerId: 'SM123' });
    expect(server.seen).toEqual([
      {
        method: 'POST',
        path: '/2010-04-01/Accounts/AC42/Messages.json',
        authorization: `Basic ${Buffer.from('AC42:secret').toString('base64')}`,
        contentType: 'application/x-www-form-urlencoded',
        form: {
          To: '+14155550100',
          Body: sms.text,
          From: '+14155550000',
          StatusCallback: 'https://api.example/v1/sms/status',
        },
      },
    ]);
  });

  it('uses a messaging service when the sender is one', async () => {
    const server = await provider(() => ({ status: 201, body: { sid: 'SM9' } }));
    cleanups.push(server.close);
    await new TwilioSmsSender({ baseUrl: server.url, accountSid: 'AC1', authToken: 't', from: 'MG777' }).send(sms);
    expect(server.seen[0].form).toMatchObject({ MessagingServiceSid: 'MG777' });
    expect(server.seen[0].form.From).toBeUndefined();
  });

  it('treats a 4xx as permanent and a 5xx or 429 as worth retrying, keeping the reason', async () => {
    for (const [status, transient] of [
      [400, false],
      [500, true],
      [429, true],
    ] as const) {
      const server = await provider(() => ({
        status,
        body: { code: 21211, message: "The 'To' number is not a valid phone number." },
      }));
      cleanups.push(server.close);
      const error = await new TwilioSmsSender({
        baseUrl: server.url,
        accountSid: 'AC1',
        authToken: 't',
        from: '+14155550000',
      })
        .send(sms)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).transient, String(status)).toBe(transient);
      expect((error as DeliveryError).message).toMatch(new RegExp(`${status} \\(21211\\)`));
    }
  });

  it('gives up on a provider that accepts the connection but never answers', async () => {
    const server = await provider(() => 'hang');
    cleanups.push(server.close);
    const started = Date.now();
    const error = await new TwilioSmsSender({
      baseUrl: server.url,
      accountSid: 'AC1',
      authToken: 't',
      from: '+1',
      timeoutMs: 300,
    })
      .send(sms)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ transient: true, message: expect.stringMatching(/timed out/) });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
