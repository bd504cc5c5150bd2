import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

// jsqr is CommonJS with a default export: unwrap it the same way under any loader.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsQRModule as unknown as { default?: Decode }).default ?? jsQRModule) as unknown as Decode;

describe('practice links over HTTP', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({ PUBLIC_BASE_URL: 'https://invite.brown-clinic.example' });
  });
  afterAll(() => api.close());

  const createLink = async (body: object) => {
    const response = await api.request('POST', '/v1/links', { body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; slug: string; publicUrl: string; position: string };
  };
  const read = (id: string, position: string) =>
    api.request('GET', `/v1/links/${id}`, { headers: { 'X-Consistent-After': position } });

  it('creates a link with a custom slug, lower-cased, at PUBLIC_BASE_URL/slug', async () => {
    const link = await createLink({ label: 'Front desk flyer', slug: 'Brown-Family' });
    expect(link).toMatchObject({ slug: 'brown-family', publicUrl: 'https://invite.brown-clinic.example/brown-family' });
    const detail = await read(link.id, link.position);
    expect(detail.body).toMatchObject({
      label: 'Front desk flyer',
      slug: 'brown-family',
      owner: null,
      members: [],
      autoAssign: false,
      archived: false,
    });
    expect(detail.body.qr).toEqual({ png: `/v1/links/${link.id}/qr.png`, svg: `/v1/links/${link.id}/qr.svg` });
  });

  it('generates a short, unambiguous, unpredictable slug when none is given', async () => {
    const [a, b] = [await createLink({ label: 'A' }), await createLink({ label: 'B' })];
    for (const slug of [a.slug, b.slug]) expect(slug).toMatch(/^[a-hjkmnp-z2-9]{8}$/);
    expect(a.slug).not.toBe(b.slug);
  });

  it('answers 409 naming a slug that is taken, in this or any practice, and appends nothing', async () => {
    await createLink({ label: 'Mine', slug: 'taken-slug' });
    const other = await api.otherPractice();
    const token = await api.token('admin', { practiceId: other.practiceId, staffId: other.adminId });
    const before = await api.eventCount();
    const response = await api.request('POST', '/v1/links', { token, body: { label: 'Theirs', slug: 'TAKEN-slug' } });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ type: '/problems/slug-taken', slug: 'taken-slug' });
    expect(await api.eventCount()).toBe(before);
  });

  it('refuses bad labels and slugs with field details', async () => {
    const before = await api.eventCount();
    const bad = await api.request('POST', '/v1/links', { body: { label: '', slug: 'docs', color: 'red' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['color', 'label']);
    const reserved = await api.request('POST', '/v1/links', { body: { label: 'x', slug: 'docs' } });
    expect(reserved.status).toBe(400);
    expect(reserved.body).toMatchObject({ type: '/problems/invalid-slug', errors: [{ field: 'slug' }] });
    const chars = await api.request('POST', '/v1/links', { body: { label: 'x', slug: 'no spaces!' } });
    expect(chars.body.errors[0].messages[0]).toMatch(/a-z, 0-9/);
    expect(await api.eventCount()).toBe(before);
  });

  it('sets a team as owner, adds a member, tags it and turns on auto-assign, showing current names', async () => {
    const link = await createLink({ label: 'Website' });
    const team = (await api.request('POST', '/v1/teams', { body: { name: 'Nurses' } })).body.id;
    const nurse = api.demo.staff.staff;
    expect((await api.request('PUT', `/v1/links/${link.id}/auto-assign`, { body: { enabled: true } })).body.type).toBe(
      '/problems/auto-assign-needs-owner',
    );
    expect((await api.request('PUT', `/v1/links/${link.id}/owner`, { body: { type: 'team', id: team } })).status).toBe(
      200,
    );
    expect((await api.request('POST', `/v1/links/${link.id}/members`, { body: { staffId: nurse } })).status).toBe(201);
    expect(
      (await api.request('POST', `/v1/links/${link.id}/tags`, { body: { scope: 'conversation', tag: 'New patient' } }))
        .status,
    ).toBe(201);
    expect(
      (await api.request('POST', `/v1/links/${link.id}/tags`, { body: { scope: 'contact', tag: 'website' } })).status,
    ).toBe(201);
    await api.request('PUT', `/v1/links/${link.id}/auto-assign`, { body: { enabled: true } });
    const renamed = await api.request('PATCH', `/v1/teams/${team}`, { body: { name: 'Nursing team' } });
    const detail = await read(link.id, renamed.body.position);
    expect(detail.body).toMatchObject({
      owner: { type: 'team', id: team, name: 'Nursing team' },
      members: [{ staffId: nurse, name: 'Demo Nurse' }],
      tags: { conversation: ['New patient'], contact: ['website'] },
      autoAssign: true,
    });
  });

  it('turns auto-assign off when the owner is removed', async () => {
    const link = await createLink({ label: 'Owned' });
    await api.request('PUT', `/v1/links/${link.id}/owner`, { body: { type: 'staff', id: api.demo.staff.admin } });
    await api.request('PUT', `/v1/links/${link.id}/auto-assign`, { body: { enabled: true } });
    const removed = await api.request('DELETE', `/v1/links/${link.id}/owner`);
    const detail = await read(link.id, removed.body.position);
    expect(detail.body).toMatchObject({ owner: null, autoAssign: false });
  });

  it('answers 422 naming the field for an owner or member who is not of this practice', async () => {
    const link = await createLink({ label: 'Strict' });
    const other = await api.otherPractice();
    const owner = await api.request('PUT', `/v1/links/${link.id}/owner`, {
      body: { type: 'staff', id: other.adminId },
    });
    expect(owner.status).toBe(422);
    expect(owner.body).toMatchObject({ type: '/problems/unknown-owner', field: 'id' });
    expect(
      (await api.request('PUT', `/v1/links/${link.id}/owner`, { body: { type: 'team', id: 'no-such-team' } })).status,
    ).toBe(422);
    const member = await api.request('POST', `/v1/links/${link.id}/members`, { body: { staffId: other.adminId } });
    expect(member.status).toBe(422);
  });

  it('says 409 for a member or tag already there and 404 for one that is not, never succeeding silently', async () => {
    const link = await createLink({ label: 'Loud' });
    const nurse = api.demo.staff.staff;
    await api.request('POST', `/v1/links/${link.id}/members`, { body: { staffId: nurse } });
    expect((await api.request('POST', `/v1/links/${link.id}/members`, { body: { staffId: nurse } })).body.type).toBe(
      '/problems/already-link-member',
    );
    expect((await api.request('DELETE', `/v1/links/${link.id}/members/${api.demo.staff.admin}`)).status).toBe(404);
    await api.request('POST', `/v1/links/${link.id}/tags`, { body: { scope: 'conversation', tag: 'VIP' } });
    expect(
      (await api.request('POST', `/v1/links/${link.id}/tags`, { body: { scope: 'conversation', tag: 'vip' } })).status,
    ).toBe(409);
    expect((await api.request('DELETE', `/v1/links/${link.id}/tags/contact/vip`)).status).toBe(404);
    expect((await api.request('DELETE', `/v1/links/${link.id}/tags/bogus/vip`)).status).toBe(404);
    expect(
      (await api.request('POST', `/v1/links/${link.id}/tags`, { body: { scope: 'conversation', tag: 'a/b' } })).body
        .type,
    ).toBe('/problems/invalid-tag');
  });

  it('keeps the tag history when a tag is removed', async () => {
    const link = await createLink({ label: 'History' });
    await api.request('POST', `/v1/links/${link.id}/tags`, { body: { scope: 'conversation', tag: 'Flu season' } });
    const removed = await api.request(
      'DELETE',
      `/v1/links/${link.id}/tags/conversation/${encodeURIComponent('flu season')}`,
    );
    expect(removed.status).toBe(200);
    const detail = await read(link.id, removed.body.position);
    expect(detail.body.tags.conversation).toEqual([]);
    expect(detail.body.tagHistory).toEqual([
      { scope: 'conversation', tag: 'Flu season', appliedAt: expect.any(String), removedAt: expect.any(String) },
    ]);
  });

  it('changes the slug: the old URL stops resolving and its slug is free again', async () => {
    const link = await createLink({ label: 'Moving', slug: 'old-home' });
    const moved = await api.request('PATCH', `/v1/links/${link.id}`, { body: { slug: 'new-home', label: 'Moved' } });
    expect(moved.status).toBe(200);
    const detail = await read(link.id, moved.body.position);
    expect(detail.body).toMatchObject({
      slug: 'new-home',
      label: 'Moved',
      publicUrl: 'https://invite.brown-clinic.example/new-home',
    });
    expect((await fetch(`${api.url}/old-home`)).status).toBe(404);
    expect((await fetch(`${api.url}/new-home`)).status).toBe(200);
    await createLink({ label: 'Reuses the old slug', slug: 'old-home' });
    expect((await api.request('PATCH', `/v1/links/${link.id}`, { body: {} })).body.type).toBe(
      '/problems/nothing-to-change',
    );
  });

  it('archives a link: its page is gone, its settings stay readable and stop changing', async () => {
    const link = await createLink({ label: 'Old campaign', slug: 'spring-campaign' });
    const archived = await api.request('POST', `/v1/links/${link.id}/archive`);
    const detail = await read(link.id, archived.body.position);
    expect(detail.body.archived).toBe(true);
    expect((await fetch(`${api.url}/spring-campaign`)).status).toBe(404);
    expect((await api.request('PATCH', `/v1/links/${link.id}`, { body: { label: 'x' } })).body.type).toBe(
      '/problems/link-archived',
    );
    const list = await api.request('GET', '/v1/links', { headers: { 'X-Consistent-After': archived.body.position } });
    expect(list.body.items.map((l: { id: string }) => l.id)).not.toContain(link.id);
    const all = await api.request('GET', '/v1/links?includeArchived=true');
    expect(all.body.items.map((l: { id: string }) => l.id)).toContain(link.id);
  });

  it('serves a PNG QR code that decodes to the public URL marked as a scan (src=qr), with an ETag for revalidation', async () => {
    const link = await createLink({ label: 'QR', slug: 'scan-me' });
    await read(link.id, link.position);
    const response = await fetch(`${api.url}/v1/links/${link.id}/qr.png?size=300`, {
      headers: { authorization: `Bearer ${await api.token('staff')}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(await response.arrayBuffer()));
    expect(png.width).toBe(300);
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe('https://invite.brown-clinic.example/scan-me?src=qr');
    const etag = response.headers.get('etag')!;
    const again = await fetch(`${api.url}/v1/links/${link.id}/qr.png?size=300`, {
      headers: { authorization: `Bearer ${await api.token('staff')}`, 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('serves an SVG QR code and refuses a size out of range', async () => {
    const link = await createLink({ label: 'SVG' });
    await read(link.id, link.position);
    const svg = await api.request('GET', `/v1/links/${link.id}/qr.svg`);
    expect(svg.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect(svg.text).toMatch(/^<svg/);
    expect((await api.request('GET', `/v1/links/${link.id}/qr.png?size=5000`)).status).toBe(400);
  });

  it('lets staff read links but only admins change them; another practice gets 404', async () => {
    const link = await createLink({ label: 'Access' });
    await read(link.id, link.position);
    const staff = await api.token('staff');
    expect((await api.request('GET', `/v1/links/${link.id}`, { token: staff })).status).toBe(200);
    expect((await api.request('POST', '/v1/links', { token: staff, body: { label: 'No' } })).status).toBe(403);
    expect(
      (await api.request('PUT', `/v1/links/${link.id}/auto-assign`, { token: staff, body: { enabled: false } })).status,
    ).toBe(403);
    const other = await api.otherPractice();
    const theirs = await api.token('admin', { practiceId: other.practiceId, staffId: other.adminId });
    expect((await api.request('GET', `/v1/links/${link.id}`, { token: theirs })).status).toBe(404);
    expect((await api.request('GET', `/v1/links/${link.id}/qr.png`, { token: theirs })).status).toBe(404);
    const before = await api.eventCount();
    expect(
      (await api.request('PATCH', `/v1/links/${link.id}`, { token: theirs, body: { label: 'Hijack' } })).status,
    ).toBe(404);
    expect(await api.eventCount()).toBe(before);
  });
});
