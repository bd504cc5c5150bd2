import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe('Location on 201', () => {
  let api: TestApp;
  beforeAll(async () => (api = await startTestApp()));
  afterAll(() => api.close());

  it('points at the new resource, and a GET there finds it', async () => {
    for (const [path, body] of [
      ['/v1/contacts', { name: 'Grace Hopper', email: 'grace@location.example' }],
      ['/v1/links', { label: 'Location', slug: 'location-link' }],
      ['/v1/teams', { name: 'Location team' }],
    ] as const) {
      const created = await api.request('POST', path, { body });
      expect(created.status, path).toBe(201);
      const location = created.headers.get('location');
      expect(location, path).toBe(`${path}/${created.body.id}`);
      const found = await api.request('GET', location!, {
        headers: { 'X-Consistent-After': created.body.position as string },
      });
      expect(found.status, path).toBe(200);
    }
  });
});
