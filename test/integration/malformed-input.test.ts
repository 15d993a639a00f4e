import { beforeAll, describe, expect, it } from 'vitest';
import {
  adminHeaders,
  apiRoutes,
  createRouteFixtures,
  type RouteFixtures,
  TAKES_NO_BODY,
} from './api-fixtures';
import { call, rows } from './helpers';

type ErrorBody = { error: { code: string; message: string; requestId: string; issues?: unknown[] } };

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const writeRoutes = apiRoutes().filter((r) => WRITE_METHODS.has(r.method));
const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
const bodyRoutes = writeRoutes.filter((r) => !(key(r) in TAKES_NO_BODY));

/** Not JSON, or JSON of a shape no write route takes (every route takes an object). */
const BAD_BODIES: [label: string, body: string][] = [
  ['unterminated JSON', '{"name": "unterminated'],
  ['a bare key', '{"name":'],
  ['an empty body', ''],
  ['null', 'null'],
  ['an empty array', '[]'],
  ['an array of an object', '[{}]'],
  ['an array of strings', '["a","b"]'],
  ['zero', '0'],
  ['a number', '42'],
  ['a negative fraction', '-1.5'],
  ['a string', '"hello"'],
  ['an empty string', '""'],
  ['true', 'true'],
  ['false', 'false'],
];

let fixtures: RouteFixtures;
beforeAll(async () => {
  fixtures = await createRouteFixtures();
});

/** Asserts a 400 whose envelope blames the body (not a path parameter or the query string). */
async function expectBodyRejected(res: Response, what: string) {
  expect(res.status, what).toBe(400);
  const body = await res.json<ErrorBody>();
  expect(body.error.code, what).toMatch(/^[A-Z][A-Z_0-9]+$/);
  expect(body.error.message, what).toEqual(expect.any(String));
  expect(body.error.message, what).not.toMatch(/^invalid (param|query)$/);
  expect(body.error.requestId, what).toBeTruthy();
}

describe('malformed and wrongly shaped JSON bodies', () => {
  it('finds the write routes to check, and every route listed as taking no body exists', () => {
    expect(writeRoutes.length).toBeGreaterThan(30);
    expect(Object.keys(TAKES_NO_BODY).filter((k) => !writeRoutes.some((r) => key(r) === k))).toEqual([]);
  });

  it.each(bodyRoutes.map((r) => [r.method, r.path] as const))(
    '%s %s answers 400 with the envelope for each bad body',
    async (method, path) => {
      for (const [label, body] of BAD_BODIES) {
        const res = await call(fixtures.path(path), { method, headers: adminHeaders(), body });
        await expectBodyRejected(res, `${method} ${path} with ${label}`);
      }
    },
  );

  it.each(bodyRoutes.map((r) => [r.method, r.path] as const))(
    '%s %s never takes a JSON body sent without a JSON Content-Type as an empty object',
    async (method, path) => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', null]) {
        const res = await call(fixtures.path(path), { method, headers: adminHeaders(type), body: 'null' });
        const what = `${method} ${path} with Content-Type ${type}`;
        expect(res.status, what).toBeGreaterThanOrEqual(400);
        expect(res.status, what).toBeLessThan(500);
        expect((await res.json<ErrorBody>()).error.requestId, what).toBeTruthy();
      }
    },
  );

  it.each(Object.keys(TAKES_NO_BODY))('%s, which reads no body, never answers a 5xx', async (route) => {
    const [method, path] = route.split(' ') as [string, string];
    for (const [label, body] of BAD_BODIES.slice(0, 4)) {
      const res = await call(fixtures.path(path), { method, headers: adminHeaders(), body });
      expect(res.status, `${route} with ${label}`).toBeLessThan(500);
      if (res.status >= 400) expect((await res.json<ErrorBody>()).error.requestId).toBeTruthy();
      else await res.body?.cancel();
    }
  });

  it('names the problem on a JSON route that reaches the body', async () => {
    const res = await call('/api/sources', { method: 'POST', headers: adminHeaders(), body: '{"name":' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('INVALID_JSON');
  });

  it('POST /api/models/validate answers 400, not 500, for the JSON body null', async () => {
    const res = await call('/api/models/validate', { method: 'POST', headers: adminHeaders(), body: 'null' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('VALIDATION_FAILED');
  });

  it('rejects a body nested deeper than 64 levels, even inside a field of any type', async () => {
    const nest = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    // `config` is typed unknown by its schema, so only the depth limit stands between it and the handler.
    const deep = await call('/api/models/validate', {
      method: 'POST',
      headers: adminHeaders(),
      body: `{"config":${nest(64)}}`,
    });
    expect(deep.status).toBe(400);
    const body = (await deep.json()) as ErrorBody;
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues).toEqual([expect.objectContaining({ code: 'too_deep' })]);
    // 64 levels in all (the body's object and 63 inside it) is within the limit: the model checks answer.
    const shallow = await call('/api/models/validate', {
      method: 'POST',
      headers: adminHeaders(),
      body: `{"config":${nest(63)}}`,
    });
    expect(shallow.status).toBe(400);
    expect(((await shallow.json()) as ErrorBody).error.issues).not.toContainEqual(
      expect.objectContaining({ code: 'too_deep' }),
    );
  });

  it('rejects lone surrogates in any string or key instead of storing them as U+FFFD', async () => {
    const before = await rows<{ n: number }>('SELECT count(*) AS n FROM sources');
    for (const body of ['{"name":"ab\\ud800"}', '{"name":"\\udc00"}', '{"name":"ok","\\ud83d":1}']) {
      const res = await call('/api/sources', { method: 'POST', headers: adminHeaders(), body });
      expect(res.status, body).toBe(400);
      const error = ((await res.json()) as ErrorBody).error;
      expect(error.code, body).toBe('VALIDATION_FAILED');
    }
    expect(await rows<{ n: number }>('SELECT count(*) AS n FROM sources')).toEqual(before);
    // A surrogate pair (an emoji) is valid Unicode.
    const emoji = await call('/api/sources', {
      method: 'POST',
      headers: adminHeaders(),
      body: '{"name":"\\ud83d\\ude00 app"}',
    });
    expect(emoji.status).toBe(201);
    expect(((await emoji.json()) as { name: string }).name).toBe('😀 app');
  });

  it('rejects a lone surrogate in a survey answer (read by hand, after the token check) and writes nothing', async () => {
    const url = fixtures.path('/api/public/surveys/:token');
    const before = await rows<{ n: number }>('SELECT count(*) AS n FROM survey_responses');
    const res = await call(url, {
      method: 'POST',
      headers: adminHeaders(),
      body: '{"score":9,"comment":"\\ud800"}',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('VALIDATION_FAILED');
    expect(await rows<{ n: number }>('SELECT count(*) AS n FROM survey_responses')).toEqual(before);
  });

  it('replaying a dead queue message whose stored body is not JSON answers 409, not 500', async () => {
    const res = await call(fixtures.path('/api/ingest/failures/:id/replay'), {
      method: 'POST',
      headers: adminHeaders(),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).error.code).toBe('CONFLICT');
  });

  it('refuses a body sent as another type with 415, and validates a request with no body as {}', async () => {
    const before = await rows<{ n: number }>('SELECT count(*) AS n FROM sources');
    for (const [type, body] of [
      ['text/plain', '{"name":"sent as text"}'],
      ['application/x-www-form-urlencoded', 'name=sent+as+a+form'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\ny\r\n--x--',
      ],
    ]) {
      const res = await call('/api/sources', { method: 'POST', headers: adminHeaders(type), body });
      expect(res.status, type).toBe(415);
      expect(((await res.json()) as ErrorBody).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const none = await call('/api/sources', { method: 'POST', headers: adminHeaders(null) });
    expect(none.status).toBe(400);
    expect(((await none.json()) as ErrorBody).error.code).toBe('VALIDATION_FAILED');
    expect(await rows<{ n: number }>('SELECT count(*) AS n FROM sources')).toEqual(before);
  });
});
