import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe('bad input over HTTP', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({ BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(() => api.close());

  const expectNothingAppended = async (before: number) => expect(await api.eventCount()).toBe(before);

  it('refuses malformed JSON with 400 and appends nothing', async () => {
    const before = await api.eventCount();
    const response = await api.request('PUT', '/v1/practice/profile', {
      rawBody: '{"about": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect(response.body.type).toBe('/problems/malformed-json');
    await expectNothingAppended(before);
  });

  it('refuses a body over the limit with 413', async () => {
    const before = await api.eventCount();
    const response = await api.request('PUT', '/v1/practice/profile', { body: { about: 'x'.repeat(5000) } });
    expect(response.status).toBe(413);
    expect(response.body.detail).toMatch(/2048 bytes/);
    await expectNothingAppended(before);
  });

  it('lets a client that is still sending read the 413: twenty 5 MB bodies, twenty answers, no reset', async () => {
    const body = JSON.stringify({ about: 'x'.repeat(5 * 1024 * 1024) });
    const token = await api.token('admin');
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      try {
        const response = await fetch(`${api.url}/v1/practice/profile`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        });
        outcomes.push(`${response.status} ${((await response.json()) as { type: string }).type}`);
      } catch (error) {
        outcomes.push(`failed: ${String((error as { cause?: { code?: string } }).cause?.code ?? error)}`);
      }
    }
    expect(outcomes).toEqual(Array(20).fill('413 /problems/body-too-large'));
  });

  it('lets a client that writes its whole body before reading get the 413 (and a 401), not a reset', async () => {
    const token = await api.token('admin');
    for (const bearer of [token, token, token, 'not-a-token']) {
      const answer = await sendWholeBodyThenRead(api.url, bearer, 5 * 1024 * 1024);
      expect(answer).toBe(bearer === token ? 'HTTP/1.1 413 Payload Too Large' : 'HTTP/1.1 401 Unauthorized');
    }
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await api.request('POST', '/v1/teams', {
      rawBody: 'name=Nurses',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expect(response.body.detail).toMatch(/application\/json/);
  });

  it('names every unknown field and every wrong type, and appends nothing', async () => {
    const before = await api.eventCount();
    const response = await api.request('POST', '/v1/staff', {
      body: { name: 42, email: 'not-an-email', role: 'owner', shoeSize: 44 },
    });
    expect(response.status).toBe(400);
    const fields = Object.fromEntries(
      response.body.errors.map((e: { field: string; messages: string[] }) => [e.field, e.messages.join(' ')]),
    );
    expect(Object.keys(fields).sort()).toEqual(['email', 'name', 'role', 'shoeSize']);
    expect(fields.shoeSize).toMatch(/not a field this endpoint accepts/);
    expect(fields.name).toMatch(/string/);
    expect(fields.role).toMatch(/admin, staff, auditor/);
    await expectNothingAppended(before);
  });

  it('validates nested array items by position', async () => {
    const response = await api.request('PUT', '/v1/practice/profile', { body: { offerings: ['ok', '', 7] } });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('offerings');
  });

  it('refuses a body that is a JSON array or a bare value', async () => {
    const response = await api.request('POST', '/v1/teams', {
      rawBody: '["Nurses"]',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await api.request('GET', '/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ type: '/problems/not-found', status: 404 });
  });

  it('refuses a pagination limit out of range and a cursor it never handed out', async () => {
    expect((await api.request('GET', '/v1/staff?limit=5000')).status).toBe(400);
    const cursor = await api.request('GET', '/v1/staff?cursor=garbage');
    expect(cursor.status).toBe(400);
    expect(cursor.body.type).toBe('/problems/invalid-query');
  });

  it('counts a body sent without a length as it arrives, and refuses it past the limit', async () => {
    const before = await api.eventCount();
    const chunks = [`{"about":"${'x'.repeat(1500)}`, `${'y'.repeat(1500)}"}`];
    const response = await fetch(`${api.url}/v1/practice/profile`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await api.token('admin')}`, 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
          controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/2048 bytes/);
    await expectNothingAppended(before);
  });

  it('names what a file route takes when sent something else', async () => {
    const response = await api.request('POST', '/v1/contacts/import', {
      rawBody: '{"csv":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ type: '/problems/unsupported-media-type', instance: '/v1/contacts/import' });
    expect(response.body.detail).toMatch(/text\/csv\); got application\/json/);
  });

  it('carries the security headers on errors and unknown routes too, and answers HEAD for a GET', async () => {
    for (const response of [
      await fetch(`${api.url}/v1/nothing-here`),
      await fetch(`${api.url}/v1/teams`, {
        method: 'POST',
        body: '{',
        headers: { 'content-type': 'application/json' },
      }),
      await fetch(`${api.url}/health`, { method: 'HEAD' }),
    ]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect((await fetch(`${api.url}/health`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${api.url}/v1/nothing-here`)).headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a URL it cannot decode, or a path part past any id, as problems that never quote the path', async () => {
    const secret = 'tok-a1b2c3';
    const malformed = await fetch(`${api.url}/v1/staff/${secret}%E0%A4%A`);
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/problem\+json/);
    expect(malformed.headers.get('x-content-type-options')).toBe('nosniff');
    const malformedText = await malformed.text();
    expect(JSON.parse(malformedText)).toMatchObject({ type: '/problems/malformed-url', status: 400 });
    expect(malformedText).not.toContain(secret);
    const long = await fetch(`${api.url}/v1/staff/${secret}${'x'.repeat(1200)}`);
    expect(long.status).toBe(414);
    const longText = await long.text();
    expect(JSON.parse(longText)).toMatchObject({ type: '/problems/uri-too-long', status: 414 });
    expect(longText).not.toContain(secret);
  });
});

/**
 * A client as simple as many are: it writes the request, body and all, and reads the answer only then. A
 * server that closes as soon as it has answered makes its kernel reset the rest: the client gets EPIPE or
 * ECONNRESET and never sees the answer. The first line of the answer, or the error.
 */
function sendWholeBodyThenRead(url: string, token: string, size: number): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    let settled = false;
    const done = (text: string) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(text);
    };
    socket.on('error', (error: NodeJS.ErrnoException) => done(`error ${error.code}`));
    socket.on('connect', () => {
      socket.pause();
      socket.write(
        `PUT /v1/practice/profile HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
      );
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const writeRest = (sent: number): void => {
        if (settled) return;
        if (sent >= size) {
          socket.on('data', (data: Buffer) => received.push(data));
          socket.on('end', () => done(Buffer.concat(received).toString('latin1').split('\r\n')[0]));
          socket.resume();
          return;
        }
        const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
        if (socket.write(part)) writeRest(sent + part.length);
        else socket.once('drain', () => writeRest(sent + part.length));
      };
      writeRest(0);
    });
  });
}
