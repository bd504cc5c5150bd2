import { allProjections } from '@pi/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/test-app.fixture.js';

describe('operations endpoints', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('reports health with every read model’s position, lag and state', async () => {
    const update = await api.request('PUT', '/v1/practice/profile', { body: { about: 'health check' } });
    await api.request('GET', '/v1/practice/profile', { headers: { 'X-Consistent-After': update.body.position } });
    const health = await api.request('GET', '/health', { token: null });
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    const names = health.body.projections.map((p: { name: string }) => p.name).sort();
    expect(names).toEqual(allProjections.map((p) => p.name).sort());
    expect(names).toEqual(
      expect.arrayContaining(['practice-profile', 'staff-directory', 'teams', 'links', 'contacts', 'invitations']),
    );
    const profile = health.body.projections.find((p: { name: string }) => p.name === 'practice-profile');
    expect(BigInt(profile.position)).toBeGreaterThanOrEqual(BigInt(update.body.position));
    expect(profile).toMatchObject({ state: 'live', error: null, generation: 1 });
  });

  it('reports the reactors of this process (delivery, unfinished work) beside the read models', async () => {
    await api.request('PUT', '/v1/practice/profile', { body: { about: 'reactors' } });
    const health = await api.request('GET', '/health', { token: null });
    expect(health.body.reactors.map((r: { name: string }) => r.name).sort()).toEqual([
      'DeliveryProcessor',
      'UnfinishedWork',
    ]);
    expect(
      health.body.reactors.every(
        (r: { state: string; error: unknown }) => ['starting', 'live'].includes(r.state) && r.error === null,
      ),
    ).toBe(true);
    expect(health.body.retrying).toEqual([]);
  });

  it('exposes Prometheus metrics: HTTP latency by route, events appended and projection lag', async () => {
    await api.request('PUT', '/v1/practice/profile', { body: { about: 'metrics' } });
    expect((await api.request('GET', '/metrics', { token: null })).status, 'not on the public port').toBe(404);
    const response = await fetch(api.running.metricsUrl!);
    const metrics = { text: await response.text(), headers: response.headers };
    expect(api.running.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    expect(metrics.text).toMatch(
      /http_request_duration_seconds_count\{method="PUT",route="\/v1\/practice\/profile",status="200"\} [1-9]/,
    );
    expect(metrics.text).toMatch(/events_appended_total [1-9]/);
    expect(metrics.text).toMatch(/projection_lag_events\{projection="teams"\} 0/);
  });

  it('publishes an OpenAPI document listing every route with its schemas, and its UI', async () => {
    const openapi = await api.request('GET', '/openapi.json', { token: null });
    const paths = openapi.body.paths as Record<string, Record<string, unknown>>;
    const routes = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /health',
        'GET /v1/practice/profile',
        'PUT /v1/practice/profile',
        'POST /v1/staff',
        'GET /v1/staff',
        'GET /v1/staff/{staffId}',
        'PATCH /v1/staff/{staffId}',
        'POST /v1/teams',
        'GET /v1/teams',
        'GET /v1/teams/{teamId}',
        'PATCH /v1/teams/{teamId}',
        'POST /v1/teams/{teamId}/members',
        'DELETE /v1/teams/{teamId}/members/{staffId}',
        'POST /v1/links',
        'GET /v1/links',
        'GET /v1/links/{linkId}',
        'PATCH /v1/links/{linkId}',
        'PUT /v1/links/{linkId}/owner',
        'DELETE /v1/links/{linkId}/owner',
        'POST /v1/links/{linkId}/members',
        'DELETE /v1/links/{linkId}/members/{staffId}',
        'POST /v1/links/{linkId}/tags',
        'DELETE /v1/links/{linkId}/tags/{scope}/{tag}',
        'PUT /v1/links/{linkId}/auto-assign',
        'POST /v1/links/{linkId}/archive',
        'GET /v1/links/{linkId}/qr.png',
        'GET /v1/links/{linkId}/qr.svg',
        'GET /{slug}',
        'GET /{slug}/connect',
      ]),
    );
    const schemas = openapi.body.components.schemas;
    expect(schemas.AddStaffMemberDto.required).toEqual(expect.arrayContaining(['name', 'email', 'role']));
    expect(schemas.UpdatePracticeProfileDto.properties.phone).toBeDefined();
    expect(schemas.LinkDto.required).toEqual(
      expect.arrayContaining(['slug', 'publicUrl', 'owner', 'tags', 'autoAssign']),
    );
    expect(schemas.LinkTagDto.properties.scope.enum).toEqual(['conversation', 'contact']);
    expect(openapi.body.components.securitySchemes.bearer).toMatchObject({ scheme: 'bearer' });
    const docs = await api.request('GET', '/docs', { token: null });
    expect(docs.text).toMatch(/swagger/i);
  });
});
