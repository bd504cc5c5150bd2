import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe('authentication over HTTP', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('answers 401 problem+json with a Bearer challenge when no token is sent', async () => {
    const response = await api.request('GET', '/v1/practice/profile', { token: null });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(response.body).toMatchObject({
      type: '/problems/unauthenticated',
      status: 401,
      instance: '/v1/practice/profile',
    });
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await new SignJWT({ practiceId: api.demo.practiceId, roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(api.demo.staff.admin)
      .setIssuer('patient-invites')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(48)));
    const response = await api.request('GET', '/v1/practice/profile', { token: forged });
    expect(response.status).toBe(401);
    expect(response.body.type).toBe('/problems/invalid-token');
  });

  it('refuses an expired token, saying so', async () => {
    const { JwtCodec } = await import('@pi/application');
    const { resolveJwtSecret } = await import('@pi/application');
    const codec = new JwtCodec(resolveJwtSecret(api.config.jwtSecret, api.config.dataDir));
    const expired = await codec.sign(
      { staffId: api.demo.staff.admin, practiceId: api.demo.practiceId, roles: ['admin'] },
      -60,
    );
    const response = await api.request('GET', '/v1/practice/profile', { token: expired });
    expect(response.status).toBe(401);
    expect(response.body.detail).toMatch(/expired/);
  });

  it('refuses a token whose roles are not known roles', async () => {
    const { resolveJwtSecret } = await import('@pi/application');
    const bad = await new SignJWT({ practiceId: api.demo.practiceId, roles: ['superuser'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setSubject('s')
      .setIssuer('patient-invites')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(resolveJwtSecret(api.config.jwtSecret, api.config.dataDir)));
    const response = await api.request('GET', '/v1/practice/profile', { token: bad });
    expect(response.status).toBe(401);
    expect(response.body.detail).toMatch(/roles/);
  });

  it('lets staff read but only admins change the practice, with 403 naming the role needed', async () => {
    const staff = await api.token('staff');
    expect((await api.request('GET', '/v1/practice/profile', { token: staff })).status).toBe(200);
    const refused = await api.request('PUT', '/v1/practice/profile', { token: staff, body: { about: 'x' } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ type: '/problems/forbidden-role', requiredRoles: ['admin'] });
  });

  it('keeps health, metrics and the API docs public', async () => {
    for (const path of ['/health', '/openapi.json', '/docs']) {
      expect((await api.request('GET', path, { token: null })).status, path).toBe(200);
    }
  });
});
