import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveJwtSecret } from '@pi/application';
import { createLink, postForm, signUp } from '../testing/patient-signup.fixture.js';
import { startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Findings of the attack on two practices (issue 9), each as it was reproduced. */
describe('tenant isolation', () => {
  let api: TestApp;
  let other: Awaited<ReturnType<TestApp['otherPractice']>>;
  const clock = testClock();

  beforeAll(async () => {
    api = await startTestApp({}, { clock });
    other = await api.otherPractice();
  });
  afterAll(() => api.close());

  const upload = async (token: string) => {
    const response = await fetch(`${api.url}/v1/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { sha256: string }).sha256;
  };

  it("answers 404 when another practice asks for this practice's identity evidence, and refuses it as evidence of their request", async () => {
    const sha256 = await upload(await api.token('support'));
    for (const role of ['admin', 'support'] as const) {
      const theirs = await api.request('GET', `/v1/evidence/${sha256}`, { token: await other.token(role) });
      expect(theirs.status, role).toBe(404);
    }
    expect(
      (
        await fetch(`${api.url}/v1/evidence/${sha256}`, {
          headers: { authorization: `Bearer ${await api.token('admin')}` },
        })
      ).status,
    ).toBe(200);

    // A patient connected to the other practice, for whom it files a request citing our file.
    await api.request('POST', '/v1/links', {
      token: await other.token(),
      body: { label: 'Theirs', slug: 'their-clinic' },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const joined = await signUp(api, 'their-clinic', {
      name: 'Pat Other',
      phone: '+14155550160',
      email: 'pat@other.example',
    });
    const filed = await api.request('POST', `/v1/patients/${joined.verified.body.patientId}/phone-change-requests`, {
      token: await other.token('support'),
      body: { name: 'Pat Other', newPhone: '+14155550161', evidenceSha256: sha256 },
    });
    expect(filed.status).toBe(422);
    expect(filed.body.type).toBe('/problems/evidence-not-found');
  });

  it("answers 404 when another practice reads this practice's phone-change request, and no practice decides one", async () => {
    const link = await createLink(api, 'iso-clinic');
    await api.request('GET', `/v1/links/${link.id}`, { headers: { 'X-Consistent-After': link.position } });
    clock.advance(61);
    const joined = await signUp(api, 'iso-clinic', {
      name: 'Rae Mine',
      phone: '+14155550170',
      email: 'rae@example.com',
    });
    const filed = await api.request('POST', `/v1/patients/${joined.verified.body.patientId}/phone-change-requests`, {
      token: await api.token('support'),
      body: { name: 'Rae Mine', newPhone: '+14155550171', evidenceSha256: await upload(await api.token('support')) },
    });
    expect(filed.status, filed.text).toBe(201);
    expect(
      (await api.request('GET', `/v1/phone-change-requests/${filed.body.id}`, { token: await other.token('support') }))
        .status,
    ).toBe(404);
    for (const action of ['approve', 'reject'] as const) {
      const refused = await api.request('POST', `/v1/phone-change-requests/${filed.body.id}/${action}`, {
        token: await other.token(),
        body: { reason: 'not yours' },
      });
      expect(refused.status, action).toBe(403);
    }
    const request = await api.request('GET', `/v1/phone-change-requests/${filed.body.id}`, {
      token: await api.token('support'),
    });
    expect(request.body.status).toBe('requested');
  });

  it("cannot release another practice's slug: their printed QR code keeps opening their page", async () => {
    const ours = await api.request('POST', '/v1/links', { body: { label: 'Flyer', slug: 'brown-flyer' } });
    expect(ours.status).toBe(201);
    const hijack = await api.request('PATCH', `/v1/links/${ours.body.id}`, {
      token: await other.token(),
      body: { slug: 'brown-flyer' },
    });
    expect(hijack.status).toBe(404);
    const taken = await api.request('POST', '/v1/links', {
      token: await other.token(),
      body: { label: 'Mine now', slug: 'brown-flyer' },
    });
    expect(taken.status).toBe(409);
    const page = await fetch(`${api.url}/brown-flyer`);
    expect(await page.text()).toContain('Demo Family Practice');
  });

  describe('tokens are bound to the staff member as they are now', () => {
    const signed = async (claims: Record<string, unknown>, subject: string, lifetime: { iat?: number; exp: number }) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(subject)
        .setIssuer('patient-invites')
        .setIssuedAt(lifetime.iat ?? Math.floor(Date.now() / 1000))
        .setExpirationTime(lifetime.exp)
        .sign(new TextEncoder().encode(resolveJwtSecret(api.config.jwtSecret, api.config.dataDir)));

    it('loses admin rights on the next request after a demotion', async () => {
      const added = await api.request('POST', '/v1/staff', {
        body: { name: 'Ann Admin', email: 'ann@demo.example', role: 'admin' },
      });
      const token = await api.token('admin', { staffId: added.body.id });
      expect((await api.request('GET', '/v1/staff', { token })).status).toBe(200);
      expect((await api.request('PATCH', `/v1/staff/${added.body.id}`, { body: { role: 'staff' } })).status).toBe(200);
      const after = await api.request('POST', '/v1/staff', {
        token,
        body: { name: 'Sneaky Admin', email: 'sneaky@demo.example', role: 'admin' },
      });
      expect(after.status).toBe(401);
      expect(after.body.detail).toMatch(/no longer held/);
    });

    it('stops working on the next request after a deactivation, which also takes them out of teams and links', async () => {
      const added = await api.request('POST', '/v1/staff', {
        body: { name: 'Leaving Lee', email: 'lee@demo.example', role: 'staff' },
      });
      const staffId = added.body.id as string;
      const team = await api.request('POST', '/v1/teams', { body: { name: 'Nurses' } });
      await api.request('POST', `/v1/teams/${team.body.id}/members`, { body: { staffId } });
      const link = await api.request('POST', '/v1/links', { body: { label: 'Lee link' } });
      await api.request('POST', `/v1/links/${link.body.id}/members`, { body: { staffId } });
      const token = await api.token('staff', { staffId });
      expect((await api.request('GET', '/v1/contacts', { token })).status).toBe(200);
      const gone = await api.request('DELETE', `/v1/staff/${staffId}`);
      expect(gone.status, gone.text).toBe(200);
      const refused = await api.request('GET', '/v1/contacts', { token });
      expect(refused.status).toBe(401);
      expect(refused.body.detail).toMatch(/deactivated/);
      const read = { headers: { 'X-Consistent-After': gone.body.position } };
      expect(
        (await api.request('GET', `/v1/teams/${team.body.id}`, read)).body.members.map(
          (m: { staffId: string }) => m.staffId,
        ),
      ).not.toContain(staffId);
      expect(
        (await api.request('GET', `/v1/links/${link.body.id}`, read)).body.members.map(
          (m: { staffId: string }) => m.staffId,
        ),
      ).not.toContain(staffId);
      expect((await api.request('GET', `/v1/staff/${staffId}`, read)).body.status).toBe('deactivated');
      expect(
        (await api.request('DELETE', `/v1/staff/${api.demo.staff.admin}`)).status,
        'nobody deactivates themselves',
      ).toBe(409);
      expect((await api.request('DELETE', `/v1/staff/${other.staff.staff}`)).status, "another practice's staff").toBe(
        404,
      );
    });

    it('refuses tokens for staff or practices that do not exist, and tokens that live too long or come from the future', async () => {
      const now = Math.floor(Date.now() / 1000);
      const roles = { roles: ['admin'] };
      const cases: [string, string][] = [
        [
          'no such staff member',
          await signed({ practiceId: api.demo.practiceId, ...roles }, 'ghost-staff', { exp: now + 3600 }),
        ],
        [
          'staff of another practice',
          await signed({ practiceId: api.demo.practiceId, ...roles }, other.adminId, { exp: now + 3600 }),
        ],
        [
          'no such practice',
          await signed({ practiceId: 'no-such-practice', ...roles }, api.demo.staff.admin, { exp: now + 3600 }),
        ],
        [
          'a hundred years',
          await signed({ practiceId: api.demo.practiceId, ...roles }, api.demo.staff.admin, {
            exp: now + 100 * 365 * 86400,
          }),
        ],
        [
          'issued in the future',
          await signed({ practiceId: api.demo.practiceId, ...roles }, api.demo.staff.admin, {
            iat: now + 3600,
            exp: now + 7200,
          }),
        ],
        ['an operator that does not exist', await signed({ operator: true }, 'ghost-operator', { exp: now + 3600 })],
      ];
      for (const [name, token] of cases) {
        const response = await api.request('POST', '/v1/staff', {
          token,
          body: { name: 'X', email: `${name.replaceAll(' ', '-')}@x.example`, role: 'admin' },
        });
        expect(response.status, name).toBe(401);
      }
    });
  });

  it('trusts no proxy by default: rotating X-Forwarded-For does not get past the per-network limits', async () => {
    const link = await createLink(api, 'xff-clinic');
    await api.request('GET', `/v1/links/${link.id}`, { headers: { 'X-Consistent-After': link.position } });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const sent = await postForm(
        api,
        '/xff-clinic/signup',
        {
          name: 'Pat Doe',
          phone: `+1415555${String(200 + i).padStart(4, '0')}`,
          email: `p${i}@x.example`,
          consent: 'yes',
        },
        { 'x-forwarded-for': `198.51.100.${i + 1}` },
      );
      statuses.push(sent.status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  });

  it('refuses deep JSON with 400 instead of overflowing the validator', async () => {
    const deep = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
    const response = await api.request('PUT', '/v1/practice/profile', {
      rawBody: deep,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('/problems/body-too-deep');
  });

  it('checks the token before reading a large upload', async () => {
    const big = Buffer.alloc(9 * 1024 * 1024, 0xff);
    big.set(PNG.subarray(0, 8));
    const anonymous = await fetch(`${api.url}/v1/evidence`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: big,
    }).catch(() => null);
    // Answered 401 without reading the body (the connection may close before the body is sent).
    if (anonymous) expect(anonymous.status).toBe(401);
    const forged = await fetch(`${api.url}/v1/contacts/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: 'Bearer nope' },
      body: 'name\n'.repeat(1000),
    }).catch(() => null);
    if (forged) expect(forged.status).toBe(401);
    expect(anonymous ?? forged, 'at least one answer arrived').not.toBeNull();
  });

  it('marks API answers that carry personal data as not to be stored', async () => {
    const response = await api.request('GET', '/v1/contacts');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('hands out cursors that always come back, whatever the names', async () => {
    const names = ['\u0000'.repeat(200), '𝔘'.repeat(100), 'ü'.repeat(200)];
    for (const name of names)
      expect(
        (
          await api.request('POST', '/v1/staff', {
            body: { name, email: `${names.indexOf(name)}@cursor.example`, role: 'staff' },
          })
        ).status,
      ).toBeLessThan(500);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await api.request(
        'GET',
        `/v1/staff?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
