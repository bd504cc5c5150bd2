import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe('a method a path does not answer', () => {
  let api: TestApp;
  beforeAll(async () => (api = await startTestApp()));
  afterAll(() => api.close());

  it('answers 405 with the methods it does answer in Allow, as problem+json', async () => {
    const collection = await api.request('DELETE', '/v1/contacts');
    expect(collection.status).toBe(405);
    expect(collection.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(collection.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(collection.body).toMatchObject({ type: '/problems/method-not-allowed', status: 405 });
    expect(collection.body.detail).toBe('DELETE is not allowed on /v1/contacts; it answers GET, HEAD, POST.');
    const item = await api.request('PUT', '/v1/contacts/some-contact-id');
    expect(item.status).toBe(405);
    expect(item.headers.get('allow')?.split(', ')).toEqual(expect.arrayContaining(['GET', 'PATCH']));
  });

  it('still answers 404 for a path no route has', async () => {
    const response = await api.request('GET', '/v1/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.body.type).toBe('/problems/not-found');
  });
});
