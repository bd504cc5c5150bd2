import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe("date-only periods are the practice's days, in every report", () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
    const zone = await api.request('PUT', '/v1/practice/profile', { body: { timeZone: 'America/New_York' } });
    await api.request('GET', '/v1/practice/profile', { headers: { 'X-Consistent-After': zone.body.position } });
  });
  afterAll(() => api.close());

  it('reads from=2026-11-01&to=2026-11-30 as all of November on the practice clock, as the funnel does', async () => {
    const auditor = await api.token('auditor');
    const consent = await api.request('GET', '/v1/audit/consent-report?from=2026-11-01&to=2026-11-30', {
      token: auditor,
    });
    expect(consent.status).toBe(200);
    // Midnight in New York: EDT on the 1st (the clocks go back at 2 am), EST on December 1st.
    expect([consent.body.from, consent.body.to]).toEqual(['2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z']);
    // An instant stays the instant it names.
    const instants = await api.request(
      'GET',
      '/v1/audit/consent-report?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z',
      { token: auditor },
    );
    expect([instants.body.from, instants.body.to]).toEqual(['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z']);
  });
});
