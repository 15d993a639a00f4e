import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminHeaders,
  apiRoutes,
  createRouteFixtures,
  type RouteFixtures,
  TAKES_NO_BODY,
} from './api-fixtures';
import { call, waitFor } from './helpers';

// Hostile input against every /api route (admin routes as the ADMIN_TOKEN bearer, the public survey routes
// with a real link): malformed and wrongly shaped JSON, deep nesting, 1 MB strings, lone surrogates, NUL,
// prototype keys, far-past and far-future dates, odd numbers, in bodies, query strings and path params.
// Every answer must be below 500, every 4xx the error envelope, and a rejected request must write nothing.
// Tables of cases plus fast-check with a fixed seed, so a run is repeatable.

const SEED = 20_261_001;

// ---------------------------------------------------------------------------------------------------
// JSON text the way a hostile client writes it

/** JSON text sent as is: numbers JSON.stringify cannot write (1e309 parses to Infinity), deep nesting. */
class Raw {
  constructor(readonly text: string) {}
}
/** An object as ordered entries, so `__proto__` and `constructor` are sent as plain keys. */
class Entries {
  constructor(readonly entries: [string, Json][]) {}
}
type Json = null | boolean | number | string | Raw | Entries | Json[] | { [key: string]: Json };

function toText(value: Json): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Entries) {
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toText(v)}`).join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(toText).join(',')}]`;
  if (value !== null && typeof value === 'object') return toText(new Entries(Object.entries(value)));
  // JSON.stringify writes a lone surrogate as a \ud800 escape, which JSON.parse turns back into one.
  return JSON.stringify(value);
}

const deepObject = (levels: number) => new Raw(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
const deepArray = (levels: number) => new Raw(`${'['.repeat(levels)}1${']'.repeat(levels)}`);
const ONE_MB = 'x'.repeat(1 << 20);

/** Values a field can be given: each is wrong, extreme or odd for some field somewhere. */
const HOSTILE_VALUES: [label: string, value: Json][] = [
  ['a 1 MB string', ONE_MB],
  ['a lone high surrogate', 'ab\ud800'],
  ['a lone low surrogate', '\udc00z'],
  ['NUL', 'a\u0000b'],
  ['"__proto__"', '__proto__'],
  ['"constructor"', 'constructor'],
  ['day 0001-01-01', '0001-01-01'],
  ['day 9999-12-31', '9999-12-31'],
  ['day +275760-09-13', '+275760-09-13'],
  ['date-time 0001-01-01', '0001-01-01T00:00:00Z'],
  ['date-time 9999-12-31', '9999-12-31T23:59:59.999Z'],
  ['date-time +275760-09-13', '+275760-09-13T00:00:00Z'],
  ['date-time past the Date range', '+275760-09-13T00:00:00.001Z'],
  ['date-time -271821-04-20', '-271821-04-20T00:00:00Z'],
  ['an empty string', ''],
  ['markup', '<img src=x onerror=alert(1)>'],
  ['1e309 (Infinity)', new Raw('1e309')],
  ['-1e309', new Raw('-1e309')],
  ['1e-400 (0)', new Raw('1e-400')],
  ['-0', new Raw('-0')],
  ['2^53 + 1', new Raw('9007199254740993')],
  ['1e300', new Raw('1e300')],
  ['-1', -1],
  ['1.5', 1.5],
  ['true', true],
  ['null', null],
  ['an empty object', {}],
  ['an empty array', []],
  ['{ __proto__: … }', new Entries([['__proto__', new Entries([['isAdmin', true]])]])],
  ['{ constructor: { prototype } }', new Entries([['constructor', { prototype: { polluted: true } }]])],
  ['1,000 levels of objects', deepObject(1000)],
  ['10,000 levels of objects', deepObject(10_000)],
  ['1,000 levels of arrays', deepArray(1000)],
  ['10,000 levels of arrays', deepArray(10_000)],
  ['an array of 10,000 items', new Raw(`[${Array(10_000).fill('0').join(',')}]`)],
];

/** The values every field of a known body gets, besides what fast-check picks. */
const PER_FIELD = new Set([
  'a 1 MB string',
  'a lone high surrogate',
  'NUL',
  'date-time +275760-09-13',
  'day +275760-09-13',
  '1e309 (Infinity)',
  '10,000 levels of objects',
  '{ __proto__: … }',
]);

/** The values also sent as the whole body (the scalars are in BAD_BODIES). */
const WHOLE_BODY = new Set([
  'a 1 MB string',
  '{ __proto__: … }',
  '{ constructor: { prototype } }',
  '1,000 levels of objects',
  '10,000 levels of objects',
  '1,000 levels of arrays',
  '10,000 levels of arrays',
]);

/** Whole bodies that are not JSON, or not an object. */
const BAD_BODIES: [label: string, text: string][] = [
  ['unterminated JSON', '{"name": "x'],
  ['a trailing comma', '{"name": "x",}'],
  ['single quotes', "{'name': 'x'}"],
  ['NaN', 'NaN'],
  ['a BOM before the JSON', '\ufeff{}'],
  ['NUL bytes', '\u0000\u0000'],
  ['an empty body', ''],
  ['null', 'null'],
  ['an array', '[{}]'],
  ['a number', '42'],
  ['a string', '"x"'],
  ['a boolean', 'true'],
];

/**
 * Bodies sent as text/csv (the survey links route takes contacts as CSV; every other route must refuse the
 * type): unbalanced quotes, NUL, a 1 MB cell, bytes that are not UTF-8, prototype names as columns.
 */
const CSV_BODIES: [label: string, body: string | Uint8Array][] = [
  ['CSV with unbalanced quotes', '"""\n,,,,\n"a'],
  ['CSV with NUL', 'email,accountExternalId\na\u0000@example.com,x\n'],
  ['CSV with a 1 MB cell', `email,accountExternalId,name\nc@example.com,x,${ONE_MB}\n`],
  [
    'CSV that is not UTF-8',
    new Uint8Array([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a, 0xed, 0xa0, 0x80, 0xff, 0x0a]),
  ],
  ['CSV with prototype columns', '__proto__,constructor,email\n{},[],d@example.com\n'],
];

// ---------------------------------------------------------------------------------------------------
// Query strings and path parameters

/** Every query parameter some /api route reads. */
const QUERY_KEYS = [
  'q',
  'limit',
  'offset',
  'cursor',
  'before',
  'days',
  'from',
  'to',
  'period',
  'segment',
  'owner',
  'tier',
  'stage',
  'sort',
  'status',
  'severity',
  'ruleId',
  'assignee',
  'account',
  'entity',
  'group',
  'movers',
  'sourceId',
  'locale',
  'expiresInDays',
];

/** Query and path values, already percent-encoded where they are not plain text. */
const HOSTILE_TEXT = [
  '',
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '1.5',
  '9007199254740993',
  '%201',
  '0001-01-01',
  '9999-12-31',
  '%2B275760-09-13',
  '-271821-04-20',
  '9999-12-31T23:59:59Z',
  '%00',
  '%ED%A0%80', // a lone surrogate's bytes: not UTF-8
  '%',
  '%E9%98%BF%E9%87%8C', // 阿里
  '%F0%9F%98%80', // 😀
  '__proto__',
  'constructor',
  'toString',
  '%3Cscript%3E',
  "'%20OR%201%3D1",
  'x'.repeat(10_000),
];

/** Values left to fast-check's pairs, out of the every-key table (they add little there and cost time). */
const FAST_CHECK_ONLY = new Set([
  '0',
  'Infinity',
  '%201',
  '9999-12-31',
  '-271821-04-20',
  '9999-12-31T23:59:59Z',
  '%E9%98%BF%E9%87%8C',
  'constructor',
  'toString',
  '%3Cscript%3E',
]);

/**
 * Whole query strings: odd in their keys rather than their values, and small pages, so that cursors are
 * made from the fixtures' Chinese and emoji names (and then followed, see `send`).
 */
const HOSTILE_QUERIES = [
  'limit=1',
  'limit=1&sort=name',
  'limit=1&offset=1',
  '__proto__=1',
  '__proto__[x]=1',
  'constructor=1&constructor[prototype][x]=1',
  'toString=1&valueOf=1&hasOwnProperty=1',
  'limit=1&limit=2',
  'cursor=a&cursor=b',
  'sort=name&sort=-name',
  '=1&&&=',
  '%ED%A0%80=1',
  `q=${'x'.repeat(100_000)}`,
];

/** Queries at the edge of what is valid (far dates, largest windows and pages), for the reads. */
const EXTREME_QUERIES = [
  'days=1',
  'days=730',
  'days=365',
  'period=0001-01-01',
  'period=9999-12-31',
  'from=0001-01-01&to=9999-12-31',
  'from=9999-12-31',
  'to=0001-01-01',
  'from=9999-12-31T23:59:59.999Z',
  'to=0001-01-01T00:00:00Z',
  'limit=1000',
  'offset=1000000',
  'movers=50',
  'cursor=9007199254740991',
  'cursor=9007199254740993',
  'before=WzkwMDcxOTkyNTQ3NDA5OTEsInoiXQ', // [2^53 - 1, "z"]
  'before=Wy05MDA3MTk5MjU0NzQwOTkxLCIiXQ', // [-(2^53 - 1), ""]
  'owner=me',
  'q=%25_%5C',
];

/** Odd headers every read gets once each (the admin bearer stays). */
const HOSTILE_HEADERS: Record<string, string>[] = [
  { 'Accept-Language': `${'zh-CN;q=0.5,'.repeat(2000)}en` },
  { 'Accept-Language': '*;q=NaN, zh-CN;q=1e309, ;q=, en;q=-1' },
  { Cookie: 'kw_session=%ED%A0%80; kw_session=__proto__' },
  { 'X-Request-Id': 'x'.repeat(5000) },
  { 'X-CSRF-Token': 'constructor' },
];

/** Path parameter values: prototype names, odd numbers, bad and non-Latin encodings, a long one. */
const HOSTILE_PARAMS = [
  'constructor',
  '__proto__',
  'toString',
  '0',
  '-1',
  '1.5',
  '1e309',
  'NaN',
  '9007199254740993',
  '%00',
  '%ED%A0%80',
  '%E9%98%BF%E9%87%8C',
  '%F0%9F%98%80',
  '..%2F..%2Fsources',
  'x'.repeat(5_000),
];

// ---------------------------------------------------------------------------------------------------
// Valid bodies to spoil one field at a time, so the hostile value reaches the code past the schema

function validBodies(f: RouteFixtures): Record<string, Record<string, Json>> {
  const future = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const { externalId, modelId, segmentId } = f.records;
  const seat = {
    measures: [
      {
        key: 'seatShare',
        kind: 'seatActivationRate',
        weight: 100,
        normalisation: { kind: 'linear', min: 0, max: 1 },
      },
    ],
  };
  return {
    'POST /api/public/surveys/:token': { score: 5, comment: 'fine', locale: 'en' },
    'POST /api/auth/setup': { email: 'first@example.com', name: 'First', password: 'correct horse battery' },
    'POST /api/auth/sign-in': { email: 'someone@example.com', password: 'correct horse battery' },
    'POST /api/auth/password': {
      currentPassword: 'correct horse battery',
      newPassword: 'another horse battery',
    },
    'POST /api/auth/invites/:token/accept': { name: 'Invitee', password: 'correct horse battery' },
    'POST /api/members/invites': { email: 'invitee@example.com', role: 'viewer', expiresInDays: 7 },
    'PATCH /api/members/:id': { role: 'viewer', active: true },
    'POST /api/tokens': { name: 'automation', role: 'viewer', expiresInDays: 30 },
    'POST /api/sources': { name: 'web app' },
    'POST /api/accounts/:externalId/rating': { stars: 4, comment: 'good', expiresAt: future },
    'POST /api/accounts/:externalId/override': {
      tier: 'red',
      score: 10,
      reason: 'churn risk',
      expiresAt: future,
    },
    'POST /api/accounts/:externalId/metrics': { key: 'hoursSaved', value: 3, recordedAt: future },
    'POST /api/accounts/:externalId/touchpoints': {
      kind: 'call',
      occurredAt: new Date().toISOString(),
      summary: 'QBR prep',
      body: 'notes',
    },
    'POST /api/metrics': { metrics: [{ account: externalId, key: 'hoursSaved', value: 1 }] },
    'PATCH /api/features/:id': { module: 'Reports', isCore: true, name: 'Reports' },
    'POST /api/models': { id: 'hostileModel', name: 'Hostile', config: seat },
    'POST /api/models/validate': { config: seat },
    'PUT /api/models/:id/draft': { name: 'Draft', config: seat },
    // The segments as they are, so a valid replace keeps the fixture segment.
    'PUT /api/segments': { items: f.records.segments as unknown as Json[] },
    'POST /api/segments': {
      id: 'hostile-segment',
      name: 'Hostile',
      order: 900,
      match: 'all',
      conditions: [{ field: 'plan', op: 'eq', value: 'pro' }],
      modelId,
    },
    'PATCH /api/segments/:id': { name: 'Renamed', conditions: [{ field: 'seats', op: 'gt', value: 5 }] },
    'POST /api/segments/reorder': { ids: [segmentId] },
    'PUT /api/alerts/rules/:ruleId': {
      kind: 'stale_data',
      name: 'Stale',
      severity: 'info',
      playbook: 'Check the integration.',
      params: { days: 7 },
    },
    'PUT /api/alerts/webhook': { url: null },
    'POST /api/alerts/:id/assign': { assignee: 'csm@example.com' },
    'POST /api/alerts/:id/snooze': { until: future },
    'POST /api/alerts/:id/close': { note: 'handled' },
    'POST /api/surveys': {
      type: 'ces',
      name: 'Hostile survey',
      scale: { min: 1, max: 7 },
      questions: { en: { question: 'How easy?' } },
      quietPeriodDays: 0,
      recurrence: { everyDays: 30, nextRunAt: future },
    },
    'PATCH /api/surveys/:id': {
      name: 'Renamed',
      questions: { en: { question: 'Why?' } },
      quietPeriodDays: 0,
    },
    'POST /api/surveys/:id/links': {
      accounts: [externalId],
      contacts: [
        { email: 'contact@example.com', name: 'Contact', locale: 'en', accountExternalId: externalId },
      ],
      expiresInDays: 30,
    },
    'PUT /api/settings/tiers': { tiers: [{ key: 'red', name: 'At risk', color: '#dc2626' }] },
  };
}

/** Every path into a value (object keys and array indexes), the value itself included as []. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const own = [prefix];
  if (Array.isArray(value)) return [...own, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object' && !(value instanceof Raw) && !(value instanceof Entries)) {
    return [...own, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  }
  return own;
}

/** A copy of `value` with the part at `path` replaced (undefined: removed). */
function withValue(value: Json, path: (string | number)[], replacement: Json | undefined): Json | undefined {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    const inner = withValue(copy[head as number] ?? null, rest, replacement);
    if (inner === undefined) copy.splice(head as number, 1);
    else copy[head as number] = inner;
    return copy;
  }
  const copy = { ...(value as Record<string, Json>) };
  const inner = withValue(copy[head as string] ?? null, rest, replacement);
  if (inner === undefined) delete copy[head as string];
  else copy[head as string] = inner;
  return copy;
}

// ---------------------------------------------------------------------------------------------------
// Nothing written on a rejection

/**
 * Tables a rejected request legitimately writes, and why. Every other table must read the same, row for
 * row, after any 4xx as before it.
 */
const WRITTEN_ON_REJECTION: Record<string, string> = {
  sign_in_failures: 'a rejected sign-in is recorded on purpose: that is what the failure limit counts',
};

let allTables: string[] = [];
/** The tables compared before and after each rejection. */
let tables: string[] = [];
let snapshotSql = '';

/**
 * One statement that reads every row of every table as text (`quote()` of each column), one column per
 * table: a single D1 round trip per snapshot keeps thousands of cases fast.
 */
async function buildSnapshotSql(): Promise<string> {
  const columns = await env.DB.batch(
    tables.map((t) => env.DB.prepare('SELECT name FROM pragma_table_info(?)').bind(t)),
  );
  const terms = tables.map((t, i) => {
    const row = (columns[i]!.results as { name: string }[])
      .map((c) => `quote("${c.name}")`)
      .join(" || ',' || ");
    return `(SELECT group_concat(${row}, char(10)) FROM "${t}") AS "${t}"`;
  });
  return `SELECT ${terms.join(', ')}`;
}

/** Every row of every table, by table. */
async function snapshot(): Promise<Record<string, string | null>> {
  return (await env.DB.prepare(snapshotSql).first<Record<string, string | null>>())!;
}

const changedTables = (a: Record<string, string | null>, b: Record<string, string | null>) =>
  tables.filter((t) => a[t] !== b[t]);

/**
 * After a request that was not rejected: wait until what it started in the background (a scoring run, a
 * webhook delivery, a survey answer's rescore) is done, so its writes are not blamed on the next rejected request.
 */
async function settle(): Promise<void> {
  await waitFor(async () => {
    const busy = await env.DB.prepare(
      `SELECT (SELECT count(*) FROM scoring_runs WHERE status = 'running')
         + (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending')
         + (SELECT count(*) FROM rescore_requests) AS n`,
    ).first<{ n: number }>();
    return busy!.n === 0;
  }, 20_000);
}

// ---------------------------------------------------------------------------------------------------
// Sending a case and checking its answer

interface Case {
  label: string;
  headers?: Record<string, string>;
  method: string;
  /** Path and query, already encoded. */
  url: string;
  body?: string | Uint8Array;
  contentType?: string | null;
}

const counts = new Map<string, { cases: number; ok: number; rejected: number }>();
/**
 * The database as the next request finds it; null after a request that was not rejected, read again only
 * before the next request (a run of accepted requests costs one snapshot, not one each).
 */
let state: Record<string, string | null> | null = null;

const ENVELOPE_KEYS = new Set(['code', 'message', 'requestId', 'issues']);

// JSON.stringify escapes exactly the surrogates that are not paired, so this finds a lone one in a body.
const LONE_SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;
const replacementChars = (snap: Record<string, string | null>) =>
  tables.reduce((n, t) => n + (snap[t]?.split('\ufffd').length ?? 1) - 1, 0);

/**
 * Sends one case; fails the test on a 5xx, a 4xx without the envelope, a 4xx that wrote anything, or a
 * lone surrogate that reached the database (D1 stores it as U+FFFD or invalid UTF-8). A page that names a
 * next page is followed.
 */
async function send(route: string, c: Case, hops = 0): Promise<number> {
  const tally = counts.get(route) ?? { cases: 0, ok: 0, rejected: 0 };
  counts.set(route, tally);
  tally.cases++;
  state ??= await snapshot();
  const res = await call(c.url, {
    method: c.method,
    headers: {
      ...c.headers,
      ...adminHeaders(c.contentType === undefined ? 'application/json' : c.contentType),
    },
    body: c.method === 'GET' || c.method === 'HEAD' ? undefined : c.body,
  });
  const what = `${route} — ${c.label} (${c.method} ${c.url.slice(0, 200)})`;
  const text = await res.text();
  expect(res.status, `${what}: ${text.slice(0, 500)}`).toBeLessThan(500);
  if (res.status < 400) {
    tally.ok++;
    // Only writes start background work (a scoring run, webhook deliveries); any accepted request may
    // have written, so the state is read again before the next one.
    if (c.method !== 'GET') await settle();
    if (typeof c.body === 'string' && LONE_SURROGATE_ESCAPE.test(c.body) && !c.body.includes('\ufffd')) {
      const after = await snapshot();
      expect(replacementChars(after), `${what} stored a lone surrogate`).toBe(replacementChars(state));
    }
    state = null;
    if (c.method === 'GET' && hops < 3) await followNextPage(route, c, text, hops);
    return res.status;
  }
  tally.rejected++;
  let body: { error?: Record<string, unknown> } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  expect(body && Object.keys(body), `${what}: not the envelope: ${text.slice(0, 300)}`).toEqual(['error']);
  const error = body!.error!;
  expect(
    Object.keys(error).filter((k) => !ENVELOPE_KEYS.has(k)),
    `${what}: extra keys`,
  ).toEqual([]);
  expect(error.code, what).toMatch(/^[A-Z][A-Z0-9_]*$/);
  expect(typeof error.message, what).toBe('string');
  expect(error.requestId, what).toEqual(expect.any(String));
  expect(error.issues === undefined || Array.isArray(error.issues), `${what}: issues`).toBe(true);
  const after = await snapshot();
  expect(changedTables(state, after), `${what} answered ${res.status} but wrote`).toEqual([]);
  state = after;
  return res.status;
}

/** Requests the next page when a list answer names one (`nextCursor` as `cursor`, `nextBefore` as `before`). */
async function followNextPage(route: string, c: Case, text: string, hops: number) {
  let page: unknown;
  try {
    page = JSON.parse(text);
  } catch {
    return;
  }
  if (typeof page !== 'object' || page === null) return;
  const { nextCursor, nextBefore } = page as { nextCursor?: unknown; nextBefore?: unknown };
  const [param, value] =
    typeof nextCursor === 'string'
      ? ['cursor', nextCursor]
      : typeof nextBefore === 'string'
        ? ['before', nextBefore]
        : [];
  if (!param || !value) return;
  const url = new URL(c.url, 'http://keepwell.test');
  url.searchParams.set(param, value);
  await send(route, { ...c, label: `${c.label} → next page`, url: `${url.pathname}${url.search}` }, hops + 1);
}

// ---------------------------------------------------------------------------------------------------
// The cases of one route

let fixtures: RouteFixtures;
let bases: Record<string, Record<string, Json>>;

const ROUTES = apiRoutes();
const WRITES = new Set(['POST', 'PUT', 'PATCH']);
// Writes first (they leave odd but valid data behind), then reads (which must cope with it), deletes last.
const ORDER: Record<string, number> = { POST: 0, PUT: 0, PATCH: 0, GET: 1, DELETE: 2 };
const ordered = [...ROUTES].sort((a, b) => (ORDER[a.method] ?? 3) - (ORDER[b.method] ?? 3));
const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** The route's path with each param from the fixtures, or `hostile` in place of the param `name`. */
function pathWith(path: string, name?: string, hostile?: string): string {
  const marked = name ? path.replace(new RegExp(`:${name}\\b`), '\u0001') : path;
  const concrete = fixtures.path(marked);
  return hostile === undefined ? concrete : concrete.replace('\u0001', hostile);
}

const paramsOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);

/** Body cases: whole bad bodies, hostile values as the body, prototype keys, and each field spoilt. */
function bodyCases(key: string, url: string): Case[] {
  const method = key.split(' ')[0]!;
  const cases: Case[] = BAD_BODIES.map(([label, body]) => ({ label, method, url, body }));
  if (key in TAKES_NO_BODY) return cases;
  cases.push(
    ...HOSTILE_VALUES.filter(([l]) => WHOLE_BODY.has(l)).map(([label, v]) => ({
      label: `body is ${label}`,
      method,
      url,
      body: toText(v),
    })),
    { label: 'JSON sent as text/plain', method, url, body: '{}', contentType: 'text/plain' },
    ...CSV_BODIES.map(([label, body]) => ({ label, method, url, body, contentType: 'text/csv' })),
  );
  const base = bases[key];
  const prototypeKeys: [string, Json][] = [
    ['__proto__', { isAdmin: true }],
    ['__proto__', null],
    ['constructor', { prototype: { isAdmin: true } }],
    ['prototype', 1],
    ['toString', 'x'],
  ];
  for (const [k, v] of prototypeKeys) {
    const entries: [string, Json][] = [...Object.entries(base ?? {}), [k, v]];
    cases.push({ label: `with a "${k}" key`, method, url, body: toText(new Entries(entries)) });
  }
  if (!base) return cases;
  cases.push({ label: 'the valid body', method, url, body: toText(base) });
  for (const field of Object.keys(base)) {
    for (const [label, v] of HOSTILE_VALUES.filter(([l]) => PER_FIELD.has(l))) {
      cases.push({ label: `${field} is ${label}`, method, url, body: toText(withValue(base, [field], v)!) });
    }
  }
  return cases;
}

/** fast-check: a known body with a hostile value at any path, or a random object of known field names. */
function bodyArbitrary(key: string) {
  const base = bases[key];
  const value: fc.Arbitrary<Json> = fc.oneof(
    fc.constantFrom(...HOSTILE_VALUES.map(([, v]) => v)),
    fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.double().map((n) => new Raw(Number.isFinite(n) ? String(n) : n > 0 ? '1e309' : '-1e309')),
  );
  const fields = [
    ...new Set([...Object.keys(base ?? {}), ...QUERY_KEYS, 'id', 'name', 'config', '__proto__']),
  ];
  const randomObject = fc
    .array(fc.tuple(fc.constantFrom(...fields), value), { maxLength: 5 })
    .map((entries) => toText(new Entries(entries)));
  if (!base) return randomObject;
  const paths = pathsOf(base).filter((p) => p.length > 0);
  const spoilt = fc
    .tuple(fc.constantFrom(...paths), fc.option(value, { nil: undefined, freq: 8 }))
    .map(([path, v]) => toText(withValue(base, path, v) ?? null));
  return fc.oneof({ arbitrary: spoilt, weight: 3 }, { arbitrary: randomObject, weight: 1 });
}

/** Ordinary values beside the hostile ones, so a hostile value meets an otherwise valid query. */
const ORDINARY_TEXT = ['1', '2', '7', '30', 'name', '-score', 'me', 'open', 'red', 'nps', '2026-01-01'];

const queryArbitrary = fc
  .array(
    fc.tuple(
      fc.constantFrom(...QUERY_KEYS),
      fc.constantFrom(...ORDINARY_TEXT, ...HOSTILE_TEXT.filter((t) => t.length < 100)),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

/** Query cases: every value for every key at once (reads only: writes take no query), and odd keys. */
function queryCases(method: string, url: string): Case[] {
  const body = WRITES.has(method) ? '{}' : undefined;
  return [
    ...(WRITES.has(method) ? [] : HOSTILE_TEXT.filter((v) => !FAST_CHECK_ONLY.has(v))).map((v) => ({
      label: `every query parameter = ${v.slice(0, 40)}`,
      method,
      url: `${url}?${QUERY_KEYS.map((k) => `${k}=${v}`).join('&')}`,
      body,
    })),
    // Writes read no query (but the links CSV's expiresInDays): the prototype keys are enough there.
    ...HOSTILE_QUERIES.filter((q) => !WRITES.has(method) || /__proto__|constructor/.test(q)).map((q) => ({
      label: `query ${q.slice(0, 40)}`,
      method,
      url: `${url}?${q}`,
      body,
    })),
    ...(WRITES.has(method) ? [] : EXTREME_QUERIES).map((q) => ({
      label: `query ${q}`,
      method,
      url: `${url}?${q}`,
    })),
    ...(WRITES.has(method) ? [] : HOSTILE_HEADERS).map((headers) => ({
      label: `header ${Object.keys(headers)[0]}`,
      method,
      url,
      headers,
    })),
  ];
}

function paramCases(route: { method: string; path: string }): Case[] {
  const body = WRITES.has(route.method) ? '{}' : undefined;
  return paramsOf(route.path).flatMap((name) =>
    HOSTILE_PARAMS.map((v) => ({
      label: `:${name} = ${v.slice(0, 40)}`,
      method: route.method,
      url: pathWith(route.path, name, v),
      body,
    })),
  );
}

beforeAll(async () => {
  fixtures = await createRouteFixtures();
  bases = validBodies(fixtures);
  const listed = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'
     ORDER BY name`,
  ).all<{ name: string }>();
  allTables = listed.results.map((r) => r.name);
  tables = allTables.filter((t) => !(t in WRITTEN_ON_REJECTION));
  snapshotSql = await buildSnapshotSql();
  await settle();
}, 60_000);

afterAll(() => {
  // A plain text table: console.table does not reach the terminal from workerd.
  const rows = [...counts].map(([route, c]) => [route, String(c.cases), String(c.ok), String(c.rejected)]);
  const header = ['route', 'cases', '2xx/3xx', '4xx'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const total = rows.reduce((n, r) => n + Number(r[1]), 0);
  console.log(
    [
      `hostile-api: ${total} cases over ${rows.length} routes (seed ${SEED})`,
      line(header),
      ...rows.map(line),
    ].join('\n'),
  );
});

describe('hostile input to every /api route', () => {
  it('covers every /api route, the public survey routes included', () => {
    expect(ROUTES.length).toBeGreaterThan(80);
    expect(ROUTES.some((r) => r.path.startsWith('/api/public/surveys/'))).toBe(true);
    expect(tables.length).toBeGreaterThan(30);
    // An exclusion must name a real table, or it excludes nothing and hides a rename.
    expect(Object.keys(WRITTEN_ON_REJECTION).filter((t) => !allTables.includes(t))).toEqual([]);
  });

  it.each(ordered.map((r) => [routeKey(r), r] as const))('%s', async (key, route) => {
    // DELETE routes get hostile params and queries only, so the fixtures survive.
    const deletes = route.method === 'DELETE';
    const url = deletes
      ? pathWith(route.path, paramsOf(route.path)[0], 'no-such-record')
      : pathWith(route.path);
    const cases = [...paramCases(route), ...queryCases(route.method, url)];
    if (WRITES.has(route.method)) cases.push(...bodyCases(key, url));
    for (const c of cases) await send(key, c);

    if (WRITES.has(route.method) && !(key in TAKES_NO_BODY)) {
      await fc.assert(
        fc.asyncProperty(bodyArbitrary(key), async (body) => {
          await send(key, { label: `fast-check body ${body.slice(0, 80)}`, method: route.method, url, body });
        }),
        { seed: SEED, numRuns: 15, endOnFailure: true },
      );
    }
    await fc.assert(
      fc.asyncProperty(queryArbitrary, async (query) => {
        const body = WRITES.has(route.method) ? '{}' : undefined;
        await send(key, {
          label: `fast-check query ${query}`,
          method: route.method,
          url: `${url}?${query}`,
          body,
        });
      }),
      { seed: SEED, numRuns: route.method === 'GET' ? 15 : 5, endOnFailure: true },
    );
  });
});
