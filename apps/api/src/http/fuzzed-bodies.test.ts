import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, signUp } from '../testing/patient-signup.fixture.js';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
};
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What fuzzers and careless clients send where a field was expected. */
const ODD_VALUES: (Json | undefined)[] = [
  null,
  undefined,
  '\ud800',
  'x\udfff',
  0,
  -1,
  1e300,
  '',
  'x',
  true,
  [],
  {},
  [null],
];

/**
 * Bad input never reaches the code as a crash: every JSON body of every operation in the served OpenAPI
 * document, made from its schema and then broken one field at a time (null, missing, a lone surrogate, a wrong
 * type), is answered with a 4xx problem or handled — never a 500.
 */
describe('bodies broken field by field', () => {
  let api: TestApp;
  let ids: Record<string, string>;
  let operations: { method: string; path: string; schema: Schema }[];
  let components: Record<string, Schema>;

  beforeAll(async () => {
    api = await startTestApp();
    const link = await createLink(api, 'fuzz-clinic');
    const { verified } = await signUp(api, 'fuzz-clinic', {
      name: 'Fuzz Patient',
      phone: '+14155550199',
      email: 'fuzz@example.com',
    });
    const patient = await api.request('GET', `/v1/patients/${verified.body.patientId}`, {
      headers: { 'X-Consistent-After': verified.body.position },
    });
    const team = await api.request('POST', '/v1/teams', { body: { name: 'Fuzzers' } });
    ids = {
      linkId: link.id,
      patientId: verified.body.patientId,
      conversationId: patient.body.conversationId,
      contactId: patient.body.contactId,
      teamId: team.body.id,
      staffId: api.demo.staff.staff,
    };
    const document = (await api.request('GET', '/openapi.json', { token: null })).body;
    components = document.components?.schemas ?? {};
    operations = [];
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>))
      for (const [method, operation] of Object.entries(item)) {
        const schema = operation?.requestBody?.content?.['application/json']?.schema as Schema | undefined;
        if (schema) operations.push({ method: method.toUpperCase(), path, schema });
      }
  });
  afterAll(() => api?.close());

  const resolve = (schema: Schema): Schema =>
    schema.$ref
      ? resolve(components[schema.$ref.split('/').pop()!])
      : schema.allOf?.length === 1
        ? resolve(schema.allOf[0])
        : schema;

  /** A body that satisfies the schema's shape (values may still break a field's own rule: that is a 4xx too). */
  const sample = (raw: Schema, depth = 0): Json => {
    const schema = resolve(raw);
    if (schema.enum?.length) return schema.enum[0] as Json;
    if (schema.oneOf?.length) return sample(schema.oneOf[0], depth);
    switch (schema.type) {
      case 'string':
        return schema.format === 'email'
          ? 'fuzz@example.com'
          : schema.format === 'date-time'
            ? new Date().toISOString()
            : 'fuzz';
      case 'integer':
      case 'number':
        return 1;
      case 'boolean':
        return true;
      case 'array':
        return depth > 3 || !schema.items ? [] : [sample(schema.items, depth + 1)];
      default:
        return Object.fromEntries(
          Object.entries(schema.properties ?? {}).map(([name, property]) => [
            name,
            depth > 3 ? null : sample(property, depth + 1),
          ]),
        );
    }
  };

  /** Every place in a body a value sits (the body itself too). */
  const places = (value: Json, at: (string | number)[] = []): (string | number)[][] => [
    at,
    ...(Array.isArray(value)
      ? value.flatMap((item, i) => places(item, [...at, i]))
      : value && typeof value === 'object'
        ? Object.entries(value).flatMap(([key, item]) => places(item, [...at, key]))
        : []),
  ];

  const put = (body: Json, at: (string | number)[], odd: Json | undefined): Json | undefined => {
    if (at.length === 0) return odd;
    const copy = structuredClone(body) as Record<string | number, Json>;
    let parent: Record<string | number, Json> = copy;
    for (const step of at.slice(0, -1)) parent = parent[step] as Record<string | number, Json>;
    if (odd === undefined) delete parent[at.at(-1)!];
    else parent[at.at(-1)!] = odd;
    return copy;
  };

  it('answers every broken body with a 4xx or a success, never a 5xx', async () => {
    expect(operations.length).toBeGreaterThan(30);
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: operations.length - 1 }),
        fc.nat(),
        fc.constantFrom(...ODD_VALUES),
        async (which, where, odd) => {
          const operation = operations[which];
          const valid = sample(operation.schema);
          const spots = places(valid);
          const at = spots[where % spots.length];
          const body = put(valid, at, odd);
          const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? randomUUID());
          const response = await api.request(operation.method, path, {
            ...(body === undefined ? {} : { rawBody: JSON.stringify(body) }),
            headers: { 'content-type': 'application/json' },
          });
          if (response.status >= 500)
            failures.push(`${operation.method} ${operation.path} ${JSON.stringify(body)} → ${response.status}`);
          return response.status < 500;
        },
      ),
      { numRuns: 400 },
    );
    expect(failures).toEqual([]);
  });

  it('refuses the five bodies that crashed the API, each with a problem that names the field', async () => {
    const conversation = `/v1/conversations/${ids.conversationId}/assignee`;
    const cases: [string, string, string | undefined, string][] = [
      ['PUT', conversation, '{}', 'assignee'],
      ['PUT', conversation, undefined, 'assignee'],
      ['PUT', '/v1/practice/profile', '{"timeZone":null}', 'timeZone'],
      ['POST', '/v1/contacts', '{"name":"Ann","email":"a\\ud800@example.com"}', 'email'],
      ['POST', '/v1/consent/revocations', '{"phone":null}', 'phone'],
      ['POST', '/v1/consent/revocations', '{"email":null}', 'email'],
      // Not a crash, but a name that breaks every place it is shown: one line of text only.
      ['POST', '/v1/contacts', '{"name":"Ann\\u001b[31m Red"}', 'name'],
      ['POST', '/v1/links', '{"label":"Front\\ndesk"}', 'label'],
    ];
    for (const [method, path, rawBody, field] of cases) {
      const response = await api.request(method, path, {
        ...(rawBody === undefined ? {} : { rawBody }),
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status, `${method} ${path} ${rawBody}`).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      expect(
        response.body.errors.map((e: { field: string }) => e.field),
        `${method} ${path} ${rawBody}`,
      ).toContain(field);
    }
  });
});
