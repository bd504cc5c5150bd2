import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe('practice profile over HTTP', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({ CONSISTENCY_WAIT_MS: '300' });
  });
  afterAll(() => api.close());

  it('reads the profile of the caller’s practice', async () => {
    const response = await api.request('GET', '/v1/practice/profile');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      practiceId: api.demo.practiceId,
      name: 'Demo Family Practice',
      defaultCountry: 'US',
    });
  });

  it('updates the profile and reads its own write with X-Consistent-After', async () => {
    const update = await api.request('PUT', '/v1/practice/profile', {
      body: {
        name: 'Brown Clinic',
        about: 'Family medicine',
        logoUrl: 'https://brown.example/logo.png',
        offerings: ['Vaccines'],
        location: '12 Elm St',
        phone: '(415) 555-0100',
      },
    });
    expect(update.status).toBe(200);
    expect(update.body.position).toMatch(/^\d+$/);
    const read = await api.request('GET', '/v1/practice/profile', {
      headers: { 'X-Consistent-After': update.body.position },
    });
    expect(read.body).toMatchObject({
      name: 'Brown Clinic',
      about: 'Family medicine',
      offerings: ['Vaccines'],
      phone: '+14155550100',
      logoUrl: 'https://brown.example/logo.png',
    });
  });

  it('keeps fields that are left out and clears fields sent as null', async () => {
    const first = await api.request('PUT', '/v1/practice/profile', { body: { about: 'Kept', location: 'To clear' } });
    const second = await api.request('PUT', '/v1/practice/profile', { body: { location: null } });
    expect(BigInt(second.body.position)).toBeGreaterThan(BigInt(first.body.position));
    const read = await api.request('GET', '/v1/practice/profile', {
      headers: { 'X-Consistent-After': second.body.position },
    });
    expect(read.body).toMatchObject({ about: 'Kept', location: null });
  });

  it('records nothing when the same profile is saved again', async () => {
    const first = await api.request('PUT', '/v1/practice/profile', { body: { about: 'Same' } });
    const before = await api.eventCount();
    const again = await api.request('PUT', '/v1/practice/profile', { body: { about: 'Same' } });
    expect(again.status).toBe(200);
    expect(again.body.position).toBe(first.body.position);
    expect(await api.eventCount()).toBe(before);
  });

  it('refuses a phone it cannot read and a logo that is not https, naming each field', async () => {
    const phone = await api.request('PUT', '/v1/practice/profile', { body: { phone: '12' } });
    expect(phone.status).toBe(400);
    expect(phone.body).toMatchObject({ type: '/problems/invalid-phone-number', errors: [{ field: 'phone' }] });
    const logo = await api.request('PUT', '/v1/practice/profile', {
      body: { logoUrl: 'http://insecure.example/l.png' },
    });
    expect(logo.status).toBe(400);
    expect(logo.body.errors).toEqual([{ field: 'logoUrl', messages: ['logoUrl must be an https:// URL'] }]);
  });

  it('refuses a name of null (the profile always has a name)', async () => {
    const response = await api.request('PUT', '/v1/practice/profile', { body: { name: null } });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('name');
  });

  it('answers 503 with Retry-After when the read model does not reach the position in time', async () => {
    // No projections run in this process, so its read models never reach what it writes.
    const stalled = await startTestApp({ RUN_PROJECTIONS: 'false', CONSISTENCY_WAIT_MS: '200' });
    try {
      const update = await stalled.request('PUT', '/v1/practice/profile', { body: { about: 'never projected here' } });
      const behind = await stalled.request('GET', '/v1/practice/profile', {
        headers: { 'X-Consistent-After': update.body.position },
      });
      expect(behind.status).toBe(503);
      expect(behind.headers.get('retry-after')).toBe('1');
      expect(behind.body.type).toBe('/problems/read-model-behind');
    } finally {
      await stalled.close();
    }
  });

  it('answers 400 at once for a position past the head of the log, or one that is not a position', async () => {
    const ahead = await api.request('GET', '/v1/practice/profile', { headers: { 'X-Consistent-After': '999999999' } });
    expect(ahead.status).toBe(400);
    expect(ahead.body.type).toBe('/problems/position-ahead-of-log');
    const bad = await api.request('GET', '/v1/practice/profile', { headers: { 'X-Consistent-After': 'yesterday' } });
    expect(bad.status).toBe(400);
    expect(bad.body.type).toBe('/problems/invalid-consistency-position');
  });

  it('shows each practice only its own profile', async () => {
    const other = await api.otherPractice();
    const token = await api.token('admin', { practiceId: other.practiceId, staffId: other.adminId });
    const response = await api.request('GET', '/v1/practice/profile', { token });
    expect(response.body).toMatchObject({ practiceId: other.practiceId, name: 'Other Clinic' });
  });
});
