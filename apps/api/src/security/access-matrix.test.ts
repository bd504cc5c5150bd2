import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ROLES, type Role } from '@pi/domain';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtCodec, resolveJwtSecret } from '@pi/application';
import { signUp } from '../testing/patient-signup.fixture.js';
import { startTestApp, testClock, type ApiResponse, type TestApp } from '../testing/test-app.fixture.js';

const run = promisify(execFile);
const practiceCli = fileURLToPath(new URL('../../../../scripts/dist/practice.js', import.meta.url));
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

type Caller = Role | 'operator';
type Ids = Record<string, string>;
/**
 * One row per route: who of the practice succeeds (`allow`), the status the
 * first of them gets on the practice's own data (`own`), and the status the
 * same role of another practice gets on that data (`other`: 404 for a thing,
 * the other practice's own answer for a list or a create). Everyone else of
 * either practice gets 403; no token, an expired token, a token signed with
 * another secret and a deactivated staff member get 401. Public routes answer
 * `own` to anyone.
 */
interface Row {
  allow: readonly Caller[] | 'public';
  own: number;
  other?: number;
  body?: (ids: Ids) => unknown;
  raw?: { type: string; body: (ids: Ids) => string | Buffer };
  /** Path parameters other than the defaults (e.g. a link of its own to archive). */
  params?: Ids;
  /** A query string the route needs. */
  query?: string;
}

const ALL: Role[] = ['admin', 'staff', 'support', 'auditor'];
/** Every role the walk tries on every route (analysts reach the funnel alone). */
const EVERY_ROLE: readonly Role[] = ROLES;
const CARE: Role[] = ['admin', 'staff'];
let seq = 0;
const unique = () => `${Date.now().toString(36)}${seq++}`;

const MATRIX: Record<string, Row> = {
  'GET /health': { allow: 'public', own: 200 },
  'GET /{slug}': { allow: 'public', own: 200 },
  'GET /{slug}/connect': { allow: 'public', own: 200 },
  'GET /{slug}/help': { allow: 'public', own: 200 },
  'POST /{slug}/signup': {
    allow: 'public',
    own: 422,
    raw: { type: 'application/x-www-form-urlencoded', body: () => 'name=' },
  },
  'POST /{slug}/signup/resend': {
    allow: 'public',
    own: 404,
    raw: { type: 'application/x-www-form-urlencoded', body: () => 'ref=nope' },
  },
  'POST /{slug}/verify': {
    allow: 'public',
    own: 404,
    raw: { type: 'application/x-www-form-urlencoded', body: () => 'ref=nope&code=1' },
  },
  // Patients' pages: without a session they answer with the sign-in page (a 303 there, followed here).
  'GET /p/sign-in': { allow: 'public', own: 200 },
  'POST /p/sign-in': {
    allow: 'public',
    own: 422,
    raw: { type: 'application/x-www-form-urlencoded', body: () => 'phone=' },
  },
  'POST /p/sign-in/verify': {
    allow: 'public',
    own: 404,
    raw: { type: 'application/x-www-form-urlencoded', body: () => 'ref=nope&code=1' },
  },
  'GET /p/conversations': { allow: 'public', own: 200 },
  'GET /p/conversations/{conversationId}': { allow: 'public', own: 200 },
  'POST /p/conversations/{conversationId}/messages': {
    allow: 'public',
    own: 200,
    raw: { type: 'application/x-www-form-urlencoded', body: () => 'text=hello' },
  },
  'GET /{slug}/message': { allow: 'public', own: 200 },
  'POST /{slug}/message': {
    allow: 'public',
    own: 200,
    raw: { type: 'application/x-www-form-urlencoded', body: () => 'text=hello' },
  },
  'POST /v1/sms/inbound': {
    allow: 'public',
    own: 503,
    raw: { type: 'application/x-www-form-urlencoded', body: () => 'From=%2B14155550100&Body=STOP' },
  },
  'POST /v1/sms/status': {
    allow: 'public',
    own: 503,
    raw: { type: 'application/x-www-form-urlencoded', body: () => 'MessageSid=SM1&MessageStatus=delivered' },
  },
  // An email's unsubscribe link without its sealed token is not recognised (email-unsubscribe.test.ts walks a real one).
  'GET /p/unsubscribe': { allow: 'public', own: 404 },
  'POST /p/unsubscribe': {
    allow: 'public',
    own: 404,
    raw: { type: 'application/x-www-form-urlencoded', body: () => 'List-Unsubscribe=One-Click' },
  },
  'GET /dev/outbox': { allow: ['admin', 'operator'], own: 200, other: 200 },

  'GET /v1/practice/profile': { allow: ALL, own: 200, other: 200 },
  'PUT /v1/practice/profile': { allow: ['admin'], own: 200, other: 200, body: () => ({ about: 'Matrix' }) },
  'GET /v1/practice/invite-settings': { allow: CARE, own: 200, other: 200 },
  'PUT /v1/practice/invite-settings': { allow: ['admin'], own: 200, other: 200, body: () => ({ expiryDays: 7 }) },

  'POST /v1/staff': {
    allow: ['admin'],
    own: 201,
    other: 201,
    body: () => ({ name: 'New Person', email: `${unique()}@matrix.example`, role: 'staff' }),
  },
  'GET /v1/staff': { allow: ALL, own: 200, other: 200 },
  'GET /v1/staff/{staffId}': { allow: ALL, own: 200, other: 404 },
  'PATCH /v1/staff/{staffId}': { allow: ['admin'], own: 200, other: 404, body: () => ({ name: 'Renamed Person' }) },
  'DELETE /v1/staff/{staffId}': { allow: ['admin'], own: 200, other: 404, params: { staffId: 'victimId' } },

  'POST /v1/teams': { allow: ['admin'], own: 201, other: 201, body: () => ({ name: `Team ${unique()}` }) },
  'GET /v1/teams': { allow: ALL, own: 200, other: 200 },
  'GET /v1/teams/{teamId}': { allow: ALL, own: 200, other: 404 },
  'PATCH /v1/teams/{teamId}': { allow: ['admin'], own: 200, other: 404, body: () => ({ name: `Team ${unique()}` }) },
  'POST /v1/teams/{teamId}/members': {
    allow: ['admin'],
    own: 201,
    other: 404,
    body: (ids) => ({ staffId: ids.staffId }),
  },
  'DELETE /v1/teams/{teamId}/members/{staffId}': { allow: ['admin'], own: 200, other: 404 },

  'POST /v1/links': { allow: ['admin'], own: 201, other: 201, body: () => ({ label: 'Another flyer' }) },
  'GET /v1/links': { allow: CARE, own: 200, other: 200 },
  'GET /v1/links/{linkId}': { allow: CARE, own: 200, other: 404 },
  'PATCH /v1/links/{linkId}': { allow: ['admin'], own: 200, other: 404, body: () => ({ label: 'Renamed flyer' }) },
  'PUT /v1/links/{linkId}/owner': {
    allow: ['admin'],
    own: 200,
    other: 404,
    body: (ids) => ({ type: 'staff', id: ids.staffId }),
  },
  'DELETE /v1/links/{linkId}/owner': { allow: ['admin'], own: 200, other: 404 },
  'POST /v1/links/{linkId}/members': {
    allow: ['admin'],
    own: 201,
    other: 404,
    body: (ids) => ({ staffId: ids.staffId }),
  },
  'DELETE /v1/links/{linkId}/members/{staffId}': { allow: ['admin'], own: 200, other: 404 },
  'POST /v1/links/{linkId}/tags': {
    allow: ['admin'],
    own: 201,
    other: 404,
    body: () => ({ scope: 'conversation', tag: 'vip' }),
  },
  'DELETE /v1/links/{linkId}/tags/{scope}/{tag}': {
    allow: ['admin'],
    own: 200,
    other: 404,
    params: { scope: 'scope', tag: 'tag' },
  },
  'PUT /v1/links/{linkId}/auto-assign': { allow: ['admin'], own: 200, other: 404, body: () => ({ enabled: false }) },
  'POST /v1/links/{linkId}/archive': { allow: ['admin'], own: 200, other: 404, params: { linkId: 'spareLinkId' } },
  'GET /v1/links/{linkId}/qr.png': { allow: CARE, own: 200, other: 404 },
  'GET /v1/links/{linkId}/qr.svg': { allow: CARE, own: 200, other: 404 },

  'POST /v1/contacts': { allow: CARE, own: 201, other: 201, body: () => ({ name: 'Matrix Person' }) },
  'POST /v1/contacts/import': {
    allow: CARE,
    own: 200,
    other: 200,
    raw: { type: 'text/csv', body: () => `name,email\nImported Person,${unique()}@import.example\n` },
  },
  'GET /v1/contacts': { allow: CARE, own: 200, other: 200 },
  'GET /v1/contacts/{contactId}': { allow: CARE, own: 200, other: 404 },
  'PATCH /v1/contacts/{contactId}': { allow: CARE, own: 200, other: 404, body: () => ({ name: 'Matrix Contact' }) },
  'POST /v1/contacts/{contactId}/tags': { allow: CARE, own: 201, other: 404, body: () => ({ tag: 'vip' }) },
  'DELETE /v1/contacts/{contactId}/tags/{tag}': { allow: CARE, own: 200, other: 404, params: { tag: 'tag' } },
  'POST /v1/contacts/{contactId}/erase': {
    allow: ['admin'],
    own: 200,
    other: 404,
    params: { contactId: 'eraseeId' },
    body: () => ({ reason: 'entered_in_error' }),
  },

  'POST /v1/invitations': { allow: CARE, own: 201, other: 404, body: (ids) => ({ contactId: ids.inviteeId }) },
  'POST /v1/invitations/bulk': { allow: CARE, own: 200, other: 200, body: (ids) => ({ contactIds: [ids.contactId] }) },
  'GET /v1/invitations': { allow: CARE, own: 200, other: 200 },
  'GET /v1/invitations/{invitationId}': { allow: CARE, own: 200, other: 404 },
  'POST /v1/invitations/{invitationId}/resend': { allow: CARE, own: 200, other: 404 },
  'POST /v1/invitations/{invitationId}/revoke': { allow: CARE, own: 200, other: 404 },
  // No follow-up is open on the matrix's invitation (follow-ups.test.ts walks one that is): 404 either way.
  'GET /v1/follow-ups': { allow: CARE, own: 200, other: 200 },
  'POST /v1/follow-ups/{invitationId}/done': { allow: CARE, own: 404, other: 404 },
  'POST /v1/follow-ups/{invitationId}/reinvite': { allow: CARE, own: 404, other: 404 },
  'GET /v1/consent': { allow: ['admin', 'auditor'], own: 200, other: 200, query: 'phone=%2B14155550177' },
  'POST /v1/consent/revocations': { allow: CARE, own: 200, other: 200, body: () => ({ phone: '+14155550177' }) },

  'GET /v1/inbox': { allow: CARE, own: 200, other: 200 },
  'GET /v1/inbox/counts': { allow: CARE, own: 200, other: 200 },
  'GET /v1/inbox/changes': { allow: CARE, own: 200, other: 200 },
  'GET /v1/inbox/filters': { allow: CARE, own: 200, other: 200 },
  'POST /v1/inbox/filters': { allow: CARE, own: 201, other: 201, body: () => ({ name: 'Flu', tags: ['Flu'] }) },
  // Each person's own: another practice's admin (and anyone else) finds no such filter.
  'GET /v1/inbox/filters/{filterId}': { allow: CARE, own: 200, other: 404 },
  'DELETE /v1/inbox/filters/{filterId}': { allow: CARE, own: 200, other: 404 },
  'GET /v1/conversations': { allow: CARE, own: 200, other: 200 },
  'GET /v1/conversations/{conversationId}': { allow: CARE, own: 200, other: 404 },
  'GET /v1/conversations/{conversationId}/messages': { allow: CARE, own: 200, other: 404 },
  'POST /v1/conversations/{conversationId}/messages': {
    allow: CARE,
    own: 201,
    other: 404,
    body: () => ({ text: 'Your results are in.' }),
  },
  'PUT /v1/conversations/{conversationId}/assignee': {
    allow: CARE,
    own: 200,
    other: 404,
    body: (ids) => ({ assignee: { type: 'staff', id: ids.staffId } }),
  },
  'DELETE /v1/conversations/{conversationId}/assignee': { allow: CARE, own: 200, other: 404 },
  'POST /v1/conversations/{conversationId}/archive': { allow: CARE, own: 200, other: 404 },
  'POST /v1/conversations/{conversationId}/reopen': { allow: CARE, own: 200, other: 404 },
  'POST /v1/conversations/{conversationId}/tags': { allow: CARE, own: 200, other: 404, body: () => ({ tag: 'vip' }) },
  'DELETE /v1/conversations/{conversationId}/tags/{tag}': { allow: CARE, own: 200, other: 404 },
  'POST /v1/conversations/{conversationId}/read': { allow: CARE, own: 200, other: 404 },
  'GET /v1/conversations/{conversationId}/access': { allow: ['admin'], own: 200, other: 404 },

  'GET /v1/patients/{patientId}': { allow: CARE, own: 200, other: 404 },
  'POST /v1/patients/{patientId}/identity/verifications': {
    allow: CARE,
    own: 201,
    other: 404,
    body: () => ({ method: 'records_match', note: 'Matches our chart' }),
  },
  'POST /v1/patients/{patientId}/identity/mismatches': {
    allow: CARE,
    own: 201,
    other: 404,
    body: () => ({ differs: ['email'], note: 'Email unknown' }),
  },
  'POST /v1/patients/{patientId}/identity/mismatches/resolution': {
    allow: CARE,
    own: 200,
    other: 404,
    body: () => ({ note: 'Confirmed by phone' }),
  },

  'POST /v1/evidence': {
    allow: ['admin', 'staff', 'support'],
    own: 201,
    other: 201,
    raw: { type: 'image/png', body: () => PNG },
  },
  'GET /v1/evidence/{sha256}': { allow: ['admin', 'support'], own: 200, other: 404 },
  'POST /v1/patients/{patientId}/phone-change-requests': {
    allow: ['admin', 'staff', 'support'],
    own: 201,
    other: 404,
    body: (ids) => ({ name: 'Matrix Patient', newPhone: '+14155550188', evidenceSha256: ids.sha256 }),
  },
  'GET /v1/phone-change-requests/{requestId}': {
    allow: ['admin', 'staff', 'support', 'operator'],
    own: 200,
    other: 404,
  },
  'GET /v1/phone-change-requests/{requestId}/evidence': { allow: ['operator'], own: 200 },
  'POST /v1/phone-change-requests/{requestId}/approve': {
    allow: ['operator'],
    own: 200,
    body: () => ({ reason: 'Face matches the ID' }),
  },
  'POST /v1/phone-change-requests/{requestId}/reject': {
    allow: ['operator'],
    own: 409,
    body: () => ({ reason: 'Too late, it is approved' }),
  },
  'POST /v1/phone-change-requests/{requestId}/code': { allow: ['operator'], own: 429 },
  'POST /v1/phone-change-requests/{requestId}/verify': {
    allow: ['operator'],
    own: 422,
    body: () => ({ code: '000000' }),
  },

  'GET /v1/analytics/funnel': { allow: ['analyst', 'admin'], own: 200, other: 200 },
  'GET /v1/audit/identity': { allow: ['auditor'], own: 200, other: 200 },
  'GET /v1/audit/access': { allow: ['auditor'], own: 200, other: 200 },
  'GET /v1/audit/public-key': { allow: ['auditor', 'admin'], own: 200, other: 200 },
  'GET /v1/audit/chain-heads': { allow: ['auditor'], own: 200, other: 200 },
  'GET /v1/audit/consent-report': { allow: ['admin', 'auditor'], own: 200, other: 200 },
  'POST /v1/audit/chain-heads': { allow: ['auditor', 'admin'], own: 200, other: 200 },
  'GET /v1/audit/identity/{patientId}': { allow: ['auditor'], own: 200, other: 404 },
  'GET /v1/audit/conversations/{conversationId}/access': { allow: ['auditor'], own: 200, other: 404 },
  // Last: it erases the patient the rows above use.
  'POST /v1/patients/{patientId}/erase': {
    allow: ['operator'],
    own: 200,
    body: () => ({ reason: 'patient_request', reference: 'MATRIX-1' }),
  },
};

interface Practice {
  practiceId: string;
  staff: Record<Role, string>;
  token(role: Role): Promise<string>;
}

describe('the access matrix: every route × caller × own or other practice', () => {
  let api: TestApp;
  let jwt: JwtCodec;
  let ours: Practice;
  let theirs: Practice;
  let operator: string;
  const ids: Ids = { scope: 'conversation', tag: 'vip', slug: 'matrix-clinic' };
  const clock = testClock();

  /** A practice made by the provisioning command, with one staff member per role added by its admin. */
  const provision = async (name: string): Promise<Practice> => {
    const { stdout } = await run(
      process.execPath,
      [
        practiceCli,
        'create',
        '--name',
        name,
        '--admin-name',
        'Ann Admin',
        '--admin-email',
        `ann@${name.replaceAll(' ', '-').toLowerCase()}.example`,
      ],
      {
        env: { ...process.env, ...api.processEnv, LOG_LEVEL: 'silent' },
      },
    );
    const { practiceId, adminStaffId } = JSON.parse(stdout) as { practiceId: string; adminStaffId: string };
    const staff = { admin: adminStaffId } as Record<Role, string>;
    const token = (role: Role) => jwt.sign({ practiceId, staffId: staff[role], roles: [role] });
    // The API learns of the new admin from the log (written by another process).
    for (let i = 0; (await api.request('GET', '/v1/staff', { token: await token('admin') })).status !== 200; i++) {
      if (i > 100) throw new Error('the API never saw the provisioned admin');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const role of ['staff', 'support', 'auditor', 'analyst'] as const) {
      const added = await api.request('POST', '/v1/staff', {
        token: await token('admin'),
        body: { name: `${name} ${role}`, email: `${role}@${unique()}.example`, role },
      });
      staff[role] = added.body.id;
    }
    return { practiceId, staff, token };
  };

  beforeAll(async () => {
    api = await startTestApp({ SEED_DEMO: 'true' }, { clock });
    jwt = new JwtCodec(resolveJwtSecret(api.config.jwtSecret, api.config.dataDir));
    ours = await provision('Matrix Clinic');
    theirs = await provision('Other Clinic');
    operator = (await api.operator()).token;
    const admin = { token: await ours.token('admin') };
    const ok = (response: ApiResponse) => {
      expect(response.status, response.text).toBeLessThan(300);
      return response.body;
    };
    ids.staffId = ok(
      await api.request('POST', '/v1/staff', {
        ...admin,
        body: { name: 'Matrix Member', email: `${unique()}@m.example`, role: 'staff' },
      }),
    ).id;
    ids.victimId = ok(
      await api.request('POST', '/v1/staff', {
        ...admin,
        body: { name: 'Matrix Victim', email: `${unique()}@m.example`, role: 'staff' },
      }),
    ).id;
    ids.teamId = ok(await api.request('POST', '/v1/teams', { ...admin, body: { name: 'Matrix team' } })).id;
    const link = ok(
      await api.request('POST', '/v1/links', { ...admin, body: { label: 'Matrix flyer', slug: 'matrix-clinic' } }),
    );
    ids.linkId = link.id;
    ids.spareLinkId = ok(await api.request('POST', '/v1/links', { ...admin, body: { label: 'Spare' } })).id;
    ids.contactId = ok(
      await api.request('POST', '/v1/contacts', { ...admin, body: { name: 'Matrix Contact', phone: '+14155550180' } }),
    ).id;
    ids.eraseeId = ok(
      await api.request('POST', '/v1/contacts', { ...admin, body: { name: 'Matrix Erasee', phone: '+14155550176' } }),
    ).id;
    ids.inviteeId = ok(
      await api.request('POST', '/v1/contacts', {
        ...admin,
        body: { name: 'Matrix Invitee', email: 'invitee@m.example' },
      }),
    ).id;
    ids.invitationId = ok(
      await api.request('POST', '/v1/invitations', { ...admin, body: { contactId: ids.contactId } }),
    ).id;
    await api.request('GET', `/v1/links/${ids.linkId}`, { ...admin, headers: { 'X-Consistent-After': link.position } });
    const joined = await signUp(api, 'matrix-clinic', {
      name: 'Matrix Patient',
      phone: '+14155550187',
      email: 'patient@m.example',
    });
    ids.patientId = joined.verified.body.patientId;
    ids.conversationId = joined.verified.body.conversationId;
    ids.filterId = ok(
      await api.request('POST', '/v1/inbox/filters', { ...admin, body: { name: 'Matrix', tags: ['vip'] } }),
    ).id;
    // A file of this practice alone (the walk below has the other practice upload the plain PNG).
    const upload = await fetch(`${api.url}/v1/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'image/png' },
      body: Buffer.concat([PNG, Buffer.from(unique())]),
    });
    ids.sha256 = ((await upload.json()) as { sha256: string }).sha256;
    ids.requestId = ok(
      await api.request('POST', `/v1/patients/${ids.patientId}/phone-change-requests`, {
        token: await ours.token('support'),
        body: { name: 'Matrix Patient', newPhone: '+14155550189', evidenceSha256: ids.sha256 },
      }),
    ).id;
  });
  afterAll(() => api.close());

  const call = (key: string, row: Row, token: string | null) => {
    const [method, template] = key.split(' ') as [string, string];
    const path =
      template.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(ids[row.params?.[name] ?? name] ?? `unknown-${name}`),
      ) + (row.query ? `?${row.query}` : '');
    if (row.raw)
      return api.request(method, path, {
        token,
        rawBody: row.raw.body(ids) as string,
        headers: { 'content-type': row.raw.type },
      });
    return api.request(method, path, { token, body: row.body?.(ids) });
  };

  it('has a row for every route the OpenAPI document lists, and for no route it does not', async () => {
    const openapi = await api.request('GET', '/openapi.json', { token: null });
    const routes = Object.entries(openapi.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, operations]) =>
        Object.keys(operations)
          .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
          .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(
      routes.filter((route) => !MATRIX[route]),
      'routes without a row in the access matrix',
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((route) => !routes.includes(route)),
      'rows for routes that do not exist',
    ).toEqual([]);
  });

  it('answers every cell as the matrix says', async () => {
    const secret = resolveJwtSecret(api.config.jwtSecret, api.config.dataDir);
    const expired = await new JwtCodec(secret, () => Date.now() - 48 * 3600_000).sign({
      practiceId: ours.practiceId,
      staffId: ours.staff.admin,
      roles: ['admin'],
    });
    const forged = await new SignJWT({ practiceId: ours.practiceId, roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(ours.staff.admin)
      .setIssuer('patient-invites')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('w'.repeat(48)));
    const leaver = (
      await api.request('POST', '/v1/staff', {
        token: await ours.token('admin'),
        body: { name: 'Gone Admin', email: `${unique()}@m.example`, role: 'admin' },
      })
    ).body.id as string;
    const deactivated = await jwt.sign({ practiceId: ours.practiceId, staffId: leaver, roles: ['admin'] });
    expect((await api.request('DELETE', `/v1/staff/${leaver}`, { token: await ours.token('admin') })).status).toBe(200);

    const failures: string[] = [];
    const expectStatus = (cell: string, response: ApiResponse, expected: number) => {
      if (response.status !== expected)
        failures.push(`${cell}: expected ${expected}, got ${response.status} ${response.text.slice(0, 160)}`);
    };
    for (const [key, row] of Object.entries(MATRIX)) {
      if (row.allow === 'public') {
        expectStatus(`${key} × no token`, await call(key, row, null), row.own);
        continue;
      }
      const allow = row.allow;
      for (const [name, token] of [
        ['no token', null],
        ['expired', expired],
        ['wrong secret', forged],
        ['deactivated staff', deactivated],
      ] as const) {
        expectStatus(`${key} × ${name}`, await call(key, row, token), 401);
      }
      // Callers who may not: 403 for either practice, before anything is looked up or changed.
      for (const role of EVERY_ROLE.filter((r) => !allow.includes(r))) {
        expectStatus(`${key} × ${role} (own)`, await call(key, row, await ours.token(role)), 403);
        expectStatus(`${key} × ${role} (other)`, await call(key, row, await theirs.token(role)), 403);
      }
      if (!allow.includes('operator')) expectStatus(`${key} × operator`, await call(key, row, operator), 403);
      // Another practice's allowed callers: this practice's data does not exist for them.
      const roles = allow.filter((r): r is Role => r !== 'operator');
      if (row.other !== undefined)
        for (const role of roles)
          expectStatus(`${key} × ${role} (other)`, await call(key, row, await theirs.token(role)), row.other);
      // This practice's allowed callers: the first gets the row's answer; the others are let through.
      const callers: (string | null)[] = [
        ...(await Promise.all(roles.map((role) => ours.token(role)))),
        ...(allow.includes('operator') ? [operator] : []),
      ];
      expectStatus(`${key} × ${allow[0]} (own)`, await call(key, row, callers[0]), row.own);
      for (const [index, token] of callers.slice(1).entries()) {
        const response = await call(key, row, token);
        if ([401, 403].includes(response.status) || response.status >= 500)
          failures.push(`${key} × ${allow[index + 1]} (own): let through expected, got ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
