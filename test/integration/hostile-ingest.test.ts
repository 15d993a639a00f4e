import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { basic, call, createSource, gzip, rows, uid, waitFor } from './helpers';

// Hostile input against every /v1 route: tables of known-bad inputs plus fast-check-generated messages (fixed
// seeds). Whatever comes in: never a 5xx; every 4xx is the error envelope with a requestId; nothing is written
// for a 4xx; and for a 200 exactly the accepted events are stored, once (counted by messageId once the queue
// has drained), each rejected message listed with index, code and message.

const SINGLE = [
  'track',
  'identify',
  'group',
  'page',
  'screen',
  'alias',
  't',
  'i',
  'g',
  'p',
  's',
  'a',
] as const;
const BATCH = ['batch', 'import', 'b'] as const;
const UNKNOWN = [
  'unknown',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'prototype',
  'track/extra',
];
const TYPE_OF: Record<string, string> = {
  t: 'track',
  i: 'identify',
  g: 'group',
  p: 'page',
  s: 'screen',
  a: 'alias',
};

/** Requests one source may send inside the integration config's rate limit (25 per 10 s), sentinel included. */
const PER_SOURCE = 20;
const NOW_ISO = new Date(Date.now() - 60_000).toISOString();

/** Per route: cases sent, responses by status class, and the error codes met (envelope or rejected entry). */
const tally = new Map<string, { cases: number; ok: number; refused: number; codes: Map<string, number> }>();
const tallyOf = (route: string) => {
  const t = tally.get(route) ?? { cases: 0, ok: 0, refused: 0, codes: new Map<string, number>() };
  tally.set(route, t);
  return t;
};
const countCode = (route: string, code: string) => {
  const codes = tallyOf(route).codes;
  codes.set(code, (codes.get(code) ?? 0) + 1);
};
afterAll(() => {
  const lines = [...tally].map(
    ([route, t]) =>
      `  ${route.padEnd(20)} ${String(t.cases).padStart(5)} ${String(t.ok).padStart(5)} ${String(t.refused).padStart(5)}  ${[...t.codes].map(([c, n]) => `${c}:${n}`).join(' ')}`,
  );
  const total = [...tally.values()].reduce((n, t) => n + t.cases, 0);
  console.log(
    `hostile /v1 cases per route\n  ${'route'.padEnd(20)} cases   200   4xx  codes (4xx envelopes and per-message rejections)\n${lines.join('\n')}\n  ${'total'.padEnd(20)} ${String(total).padStart(5)}`,
  );
});

// ---------------------------------------------------------------------------------------------------------
// Bodies

/** JSON text nested `levels` deep (built as text: JSON.stringify itself overflows a few thousand levels down). */
const deepObject = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** JSON of `value`, where a string `@@deep:<levels>:<obj|arr>@@` stands for a value nested that deep. */
function toJson(value: unknown): string {
  return JSON.stringify(value).replace(/"@@deep:(\d+):(obj|arr)@@"/g, (_, n: string, kind: string) =>
    kind === 'obj' ? deepObject(Number(n)) : deepArray(Number(n)),
  );
}

/** One message of a case: its JSON (or raw text) and the messageId the events table will hold for it. */
interface Msg {
  json: string;
  /** The stored messageId: the sent one, trimmed; null when it has none (a generated id we cannot know). */
  id: string | null;
  /** A prefix all its own ids share, for checking that nothing of it was written when it was rejected. */
  tag: string;
}

/** The messageId the API derives from a sent one (numbers stringified, trimmed), null when none. */
function storedId(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value).trim() || null;
  return null;
}

/** A valid message of `type` with ids under `tag`, overridden by `extra` (any JSON, deep markers allowed). */
function message(type: string, tag: string, extra: Record<string, unknown> = {}): Msg {
  const base: Record<string, unknown> = {
    type,
    userId: `${tag}-u`,
    messageId: `${tag}-m`,
    timestamp: NOW_ISO,
    ...(type === 'track' ? { event: `${tag} Event`, properties: { durationMs: 1000 } } : {}),
    ...(type === 'group' ? { groupId: `${tag}-acct`, traits: { name: `${tag} Co` } } : {}),
    ...(type === 'page' || type === 'screen' ? { name: `${tag} Page` } : {}),
    ...(type === 'alias' ? { previousId: `${tag}-anon` } : {}),
    ...(type === 'identify' ? { traits: { email: `${tag}@example.com` } } : {}),
  };
  const value = { ...base, ...extra };
  for (const key of Object.keys(extra)) if (extra[key] === undefined) delete value[key];
  return { json: toJson(value), id: storedId(value.messageId), tag };
}

/** Hostile variations of a valid message of `type`: deep values, bad text, prototype keys, odd dates. */
function hostileMessages(type: string, tag: () => string): { name: string; msg: Msg }[] {
  const cases: [string, Record<string, unknown>][] = [];
  for (const levels of [1000, 10_000]) {
    cases.push([`properties ${levels} deep`, { properties: `@@deep:${levels}:obj@@` }]);
    cases.push([`traits ${levels} deep`, { traits: `@@deep:${levels}:arr@@` }]);
    cases.push([`context ${levels} deep`, { context: { library: `@@deep:${levels}:obj@@` } }]);
    cases.push([`unknown top-level key ${levels} deep`, { extra: `@@deep:${levels}:arr@@` }]);
  }
  cases.push(['properties 64 deep (the limit)', { properties: '@@deep:64:obj@@' }]);
  for (const [what, s] of [
    ['a lone high surrogate', '\uD800'],
    ['a lone low surrogate', 'x\uDFFF'],
    ['a cut emoji', 'cut \uD83D'],
    ['NUL', 'a\u0000b'],
  ] as const) {
    cases.push([`${what} in userId`, { userId: s }]);
    cases.push([`${what} in messageId`, { messageId: s }]);
    cases.push([`${what} in a property value`, { properties: { v: s }, traits: { v: s } }]);
    cases.push([`${what} in a property key`, { properties: { [s]: 1 }, traits: { [s]: 1 } }]);
    cases.push([`${what} in context.groupId`, { context: { groupId: s } }]);
  }
  cases.push([
    'emoji, CJK and U+FFFD everywhere',
    { userId: '用户 🚀 \uFFFD', properties: { 键: '值 👩‍💻' } },
  ]);
  for (const key of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) {
    cases.push([
      `"${key}" as a property/trait/context key`,
      {
        properties: JSON.parse(`{"${key}":{"x":1},"k":1}`),
        traits: JSON.parse(`{"${key}":1}`),
        context: JSON.parse(`{"${key}":"x"}`),
      },
    ]);
    cases.push([
      `"${key}" as userId, groupId, event and previousId`,
      { userId: key, groupId: key, event: key, previousId: key, name: key },
    ]);
  }
  cases.push(['"constructor" as messageId', { messageId: 'constructor' }]);
  cases.push(['"__proto__" as messageId', { messageId: '__proto__' }]);
  for (const date of [
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '+275760-09-13T00:00:00Z',
    '0000-01-01',
  ]) {
    cases.push([`timestamp ${date}`, { timestamp: date }]);
  }
  cases.push([
    'originalTimestamp 0001 with sentAt 9999',
    { originalTimestamp: '0001-01-01T00:00:00Z', sentAt: '9999-12-31T00:00:00Z', timestamp: undefined },
  ]);
  cases.push([
    'originalTimestamp 9999 with sentAt 0001',
    { originalTimestamp: '9999-12-31T23:59:59Z', sentAt: '0001-01-01T00:00:00Z' },
  ]);
  cases.push([
    'far dates in traits',
    {
      traits: {
        renewalDate: '+275760-09-13',
        contractStart: '-000001-01-01',
        startDate: '0000-01-01',
        contract_end: '10000-01-01',
        seats: 1e308,
        arr: 'Infinity',
        mrr: -1,
      },
    },
  ]);
  cases.push(['a 40 KB property (over 32 KB)', { properties: { pad: 'x'.repeat(40 * 1024) } }]);
  cases.push(['no messageId (content hash)', { messageId: undefined }]);
  cases.push(['messageId padded with spaces', { messageId: ` padded-${uid('m')} ` }]);
  cases.push(['numeric messageId', { messageId: Math.floor(Math.random() * 1e12) }]);
  return cases.map(([name, extra]) => {
    const t = tag();
    // Keep hostile ids that are the point of the case; make the others unique to the case.
    const msg = message(type, t, extra);
    return { name, msg };
  });
}

// fast-check: generated messages, every field drawn from hostile pools.
const hostileString = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    '\uD800',
    'a\uDC00',
    '\u0000',
    'x\u0000y',
    '🚀',
    '株式会社',
    '',
    '   ',
    '\uFFFD',
    'a'.repeat(300),
  ),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ maxLength: 10 }),
);
const hostileDate = fc.constantFrom(
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '0000-01-01',
  '2026-02-30T00:00:00Z',
  NOW_ISO,
  'yesterday',
  null,
);
const hostileObject = fc.oneof(
  {
    arbitrary: fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }), {
      maxKeys: 4,
    }),
    weight: 6,
  },
  { arbitrary: fc.constantFrom('@@deep:1000:obj@@', '@@deep:10000:arr@@', '@@deep:65:obj@@'), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 1 }), weight: 1 },
);
const generatedFields = fc.record(
  {
    type: fc.constantFrom('track', 'identify', 'group', 'page', 'screen', 'alias', 'bogus', '__proto__'),
    userId: fc.oneof(hostileString, fc.integer(), fc.constant(null)),
    anonymousId: fc.oneof(hostileString, fc.constant(null)),
    event: hostileString,
    groupId: fc.oneof(hostileString, fc.integer()),
    previousId: hostileString,
    name: hostileString,
    timestamp: hostileDate,
    originalTimestamp: hostileDate,
    sentAt: hostileDate,
    properties: hostileObject,
    traits: hostileObject,
    context: hostileObject,
    integrations: hostileObject,
  },
  { requiredKeys: [] },
);

/** `count` generated messages (seeded), each with a unique messageId under its own tag. */
function generatedMessages(seed: number, count: number, tag: () => string): Msg[] {
  return fc.sample(generatedFields, { seed, numRuns: count }).map((fields) => {
    const t = tag();
    const value = { ...fields, messageId: `${t}-m` };
    return { json: toJson(value), id: value.messageId, tag: t };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Sending and checking

interface Case {
  name: string;
  /** Path after /v1/ (with query for the pixel). */
  path: string;
  method?: 'GET' | 'POST';
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Whether to send the write key as Basic auth (default true). */
  auth?: boolean;
  /** The messages in the body, in batch order (one for a single-message route). */
  msgs: Msg[];
  /** Whether a 200 stores the messages (false for /v1/m and unknown paths, which must store nothing). */
  stores?: boolean;
  /** An exact outcome where the case has one. */
  expect?: { status: number; code?: string };
}

interface Outcome {
  status: number;
  /** messageIds that must be stored; ids of messages that must not be. */
  stored: Set<string>;
  /** Accepted messages without a messageId (stored under an id the API generates). */
  unnamed: number;
  /** Tags of messages whose ids must appear nowhere (rejected, or the whole request refused). */
  forbidden: string[];
  refusedIds: string[];
}

/**
 * Text for an assertion message: lone surrogates escaped (vitest's pool reports over a WebSocket, which
 * refuses text that is not valid UTF-8, so a raw one would crash the run instead of failing the test).
 */
const safe = (text: string) => text.replace(/[\uD800-\uDFFF]/gu, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

type ErrorEnvelope = { error?: { code?: unknown; message?: unknown; requestId?: unknown } };

/** Sends one case and checks the response; returns what must (not) be stored. */
async function send(route: string, writeKey: string, c: Case): Promise<Outcome> {
  // The pixel reads its write key from the query (an <img> cannot send headers).
  const pixel = c.path.startsWith('pixel.gif') && c.auth !== false;
  const path = pixel ? `${c.path}&writeKey=${encodeURIComponent(writeKey)}` : c.path;
  const headers: Record<string, string> = {
    ...(c.auth === false ? {} : { Authorization: basic(writeKey) }),
    ...c.headers,
  };
  const res = await call(`/v1/${path}`, { method: c.method ?? 'POST', headers, body: c.body });
  const label = `${c.method ?? 'POST'} /v1/${c.path.slice(0, 60)} — ${c.name}`;
  const gif = res.headers.get('Content-Type') === 'image/gif';
  const text = gif ? '' : await res.text();
  if (gif) await res.arrayBuffer();
  expect(res.status, `${label}: ${safe(text.slice(0, 300))}`).toBeLessThan(500);
  if (c.expect) {
    expect(res.status, `${label}: ${safe(text.slice(0, 300))}`).toBe(c.expect.status);
    if (c.expect.code) expect((JSON.parse(text) as ErrorEnvelope).error?.code, label).toBe(c.expect.code);
  }
  const out: Outcome = { status: res.status, stored: new Set(), unnamed: 0, forbidden: [], refusedIds: [] };
  const refuse = (m: Msg) => {
    out.forbidden.push(m.tag);
    if (m.id) out.refusedIds.push(m.id);
  };
  if (res.status >= 400) {
    tallyOf(route).refused++;
    const body = JSON.parse(text) as ErrorEnvelope;
    const issue = (body.error as { issues?: { code?: unknown }[] } | undefined)?.issues?.[0]?.code;
    countCode(
      route,
      `${String(body.error?.code)}${body.error?.code === 'VALIDATION_FAILED' && issue ? `/${String(issue)}` : ''}`,
    );
    expect(typeof body.error?.code, `${label}: ${safe(text.slice(0, 300))}`).toBe('string');
    expect(typeof body.error?.message, label).toBe('string');
    expect(body.error?.requestId, label).toEqual(expect.stringMatching(/./));
    c.msgs.forEach(refuse);
    return out;
  }
  expect(res.status, label).toBe(200);
  tallyOf(route).ok++;
  const keep = (m: Msg) => {
    if (m.id) out.stored.add(m.id);
    else out.unnamed++;
  };
  if (c.stores === false) c.msgs.forEach(refuse);
  else if (c.path.startsWith('pixel.gif')) c.msgs.forEach(keep);
  else if ((BATCH as readonly string[]).includes(c.path)) {
    const body = JSON.parse(text) as {
      success: boolean;
      accepted: number;
      rejected: Record<string, unknown>[];
    };
    expect(body.success, label).toBe(true);
    expect(body.accepted + body.rejected.length, label).toBe(c.msgs.length);
    const rejected = new Set<number>();
    for (const r of body.rejected) {
      expect(r, label).toMatchObject({
        index: expect.any(Number),
        code: expect.any(String),
        message: expect.any(String),
      });
      expect((r.message as string).length, label).toBeGreaterThan(0);
      rejected.add(r.index as number);
      countCode(route, r.code as string);
    }
    expect(rejected.size, label).toBe(body.rejected.length);
    c.msgs.forEach((m, i) => {
      if (rejected.has(i)) refuse(m);
      else keep(m);
    });
  } else {
    expect(JSON.parse(text), label).toEqual({ success: true });
    c.msgs.forEach(keep);
  }
  return out;
}

/**
 * Sends the cases (a fresh source per PER_SOURCE requests, inside the rate limit), then drains the queue: a
 * sentinel event per source is sent last and waited for. Then checks, per source, that the events stored are
 * exactly the accepted ones, and that nothing of a refused message was written (events, accounts, users).
 */
async function run(route: string, cases: Case[]) {
  tallyOf(route).cases += cases.length;
  const groups: { sourceId: string; writeKey: string; outcomes: Outcome[]; sentinel: string }[] = [];
  for (let i = 0; i < cases.length; i += PER_SOURCE) {
    const { id: sourceId, writeKey } = await createSource(`hostile-${route}`);
    const outcomes: Outcome[] = [];
    for (const c of cases.slice(i, i + PER_SOURCE)) outcomes.push(await send(route, writeKey, c));
    groups.push({ sourceId, writeKey, outcomes, sentinel: uid('sentinel') });
  }
  for (const g of groups) {
    const res = await call('/v1/track', {
      method: 'POST',
      headers: { Authorization: basic(g.writeKey) },
      body: JSON.stringify({ userId: g.sentinel, event: 'Sentinel', messageId: g.sentinel }),
    });
    expect(res.status).toBe(200);
  }
  await waitFor(async () => {
    const found = await rows(
      'SELECT 1 FROM events WHERE message_id IN (SELECT value FROM json_each(?))',
      JSON.stringify(groups.map((g) => g.sentinel)),
    );
    return found.length === groups.length;
  }, 30_000);

  for (const g of groups) {
    const stored = (
      await rows<{ message_id: string }>(
        'SELECT message_id FROM events WHERE source_id = ? AND message_id <> ?',
        g.sourceId,
        g.sentinel,
      )
    ).map((r) => r.message_id);
    const expected = new Set(g.outcomes.flatMap((o) => [...o.stored]));
    const unnamed = g.outcomes.reduce((n, o) => n + o.unnamed, 0);
    const missing = [...expected].filter((id) => !stored.includes(id)).map(safe);
    expect(missing, `${route}: accepted but not stored`).toEqual([]);
    const unexpected = stored.filter((id) => !expected.has(id));
    expect(
      stored.length,
      `${route}: events stored for the source (unexpected: ${safe(unexpected.slice(0, 5).join(', '))})`,
    ).toBe(expected.size + unnamed);
    const refusedIds = g.outcomes.flatMap((o) => o.refusedIds).filter((id) => !expected.has(id));
    expect(stored.filter((id) => refusedIds.includes(id)).map(safe), `${route}: refused but stored`).toEqual(
      [],
    );
    const tags = JSON.stringify(g.outcomes.flatMap((o) => o.forbidden));
    for (const table of ['accounts', 'users']) {
      const leaked = await rows<{ external_id: string }>(
        `SELECT external_id FROM ${table} t JOIN json_each(?) j ON t.external_id LIKE j.value || '-%'`,
        tags,
      );
      expect(
        leaked.map((r) => safe(r.external_id)),
        `${route}: ${table} written for a refused message`,
      ).toEqual([]);
    }
    const leakedEvents = await rows<{ message_id: string }>(
      `SELECT message_id FROM events e JOIN json_each(?) j ON e.message_id LIKE j.value || '-%'`,
      tags,
    );
    expect(
      leakedEvents.map((r) => safe(r.message_id)),
      `${route}: events written for a refused message`,
    ).toEqual([]);
  }
}

let tagSeq = 0;
const newTag = () => `h${Date.now().toString(36)}${(tagSeq++).toString(36)}`;

/** Body-level cases every POST route gets: malformed JSON, non-object bodies, size limits, gzip. */
async function bodyCases(path: string, refusesAll: boolean): Promise<Case[]> {
  const [tag, cesu] = [newTag(), newTag()];
  const none: Msg[] = [];
  const json400 = refusesAll ? undefined : { status: 400, code: 'INVALID_JSON' };
  const cases: Case[] = [
    ...['{"batch": [', '{', 'nul', '', '{"a":1}garbage', '\u0000', '{"type":"track",}'].map((body) => ({
      name: `malformed JSON ${JSON.stringify(body)}`,
      path,
      body,
      msgs: none,
      expect: json400,
    })),
    ...[
      'null',
      '[]',
      '[{"type":"track"}]',
      '42',
      '"a string"',
      'true',
      deepArray(10_000),
      deepArray(1000),
    ].map((body) => ({ name: `JSON body ${body.slice(0, 20)}`, path, body, msgs: none, expect: json400 })),
    {
      name: '1 MB string (body over 500 KB)',
      path,
      body: JSON.stringify({
        type: 'track',
        event: 'E',
        userId: `${tag}-u`,
        properties: { s: 'x'.repeat(1024 * 1024) },
      }),
      msgs: [{ json: '', id: null, tag }],
      expect: refusesAll ? undefined : { status: 400, code: 'REQUEST_TOO_LARGE' },
    },
    {
      name: 'gzip bomb (600 KB decompressed)',
      path,
      body: await gzip(
        JSON.stringify({
          type: 'track',
          event: 'E',
          userId: `${tag}-u`,
          properties: { s: 'y'.repeat(600 * 1024) },
        }),
      ),
      headers: { 'Content-Encoding': 'gzip' },
      msgs: none,
      expect: refusesAll ? undefined : { status: 400, code: 'REQUEST_TOO_LARGE' },
    },
    {
      name: 'invalid gzip',
      path,
      body: new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5]),
      headers: { 'Content-Encoding': 'gzip' },
      msgs: none,
      expect: refusesAll ? undefined : { status: 400, code: 'INVALID_GZIP' },
    },
    {
      name: 'invalid UTF-8 bytes (a surrogate encoded as CESU-8, 0xFF) in a string',
      path,
      body: new Uint8Array([
        ...new TextEncoder().encode(`{"type":"track","event":"E","userId":"${cesu}-u","properties":{"v":"`),
        0xed,
        0xa0,
        0x80,
        0xff,
        ...new TextEncoder().encode(`"},"messageId":"${cesu}-cesu"}`),
      ]),
      msgs: [{ json: '', id: `${cesu}-cesu`, tag: cesu }],
    },
    {
      name: 'no write key',
      path,
      auth: false,
      body: '{"type":"track","event":"E","userId":"u"}',
      msgs: none,
      expect: refusesAll ? undefined : { status: 401, code: 'INVALID_WRITE_KEY' },
    },
    {
      name: 'writeKey in the body is an object',
      path,
      auth: false,
      body: '{"writeKey":{"__proto__":1},"event":"E","userId":"u"}',
      msgs: none,
      expect: refusesAll ? undefined : { status: 401 },
    },
  ];
  return cases;
}

// ---------------------------------------------------------------------------------------------------------

describe('hostile input on every /v1 route', () => {
  for (const path of SINGLE) {
    it(`POST /v1/${path}: never a 5xx, envelope on every 4xx, exactly the accepted events stored`, async () => {
      const type = TYPE_OF[path] ?? path;
      const cases: Case[] = await bodyCases(path, false);
      for (const { name, msg } of hostileMessages(type, newTag))
        cases.push({ name, path, body: msg.json, msgs: [msg] });
      // The body's own "type" is overridden by the path; prototype names as the type change nothing.
      for (const t of ['constructor', '__proto__', 'batch']) {
        const msg = message(type, newTag(), { type: t });
        cases.push({ name: `type "${t}" in the body`, path, body: msg.json, msgs: [msg] });
      }
      for (const msg of generatedMessages(1000 + SINGLE.indexOf(path), 16, newTag)) {
        cases.push({ name: 'generated', path, body: msg.json, msgs: [msg] });
      }
      await run(`POST /v1/${path}`, cases);
    });
  }

  for (const path of BATCH) {
    it(`POST /v1/${path}: odd messages beside good ones are rejected in the 200 body or stored, never lost`, async () => {
      const cases: Case[] = await bodyCases(path, false);
      const batch = (msgs: Msg[], extra = '') => `{"batch":[${msgs.map((m) => m.json).join(',')}]${extra}}`;
      const good = () => message('track', newTag());
      for (const { name, msg } of hostileMessages('track', newTag)) {
        const msgs = [good(), msg, good()];
        cases.push({ name, path, body: batch(msgs), msgs });
      }
      for (const type of ['identify', 'group', 'alias']) {
        for (const { name, msg } of hostileMessages(type, newTag).filter((_, i) => i % 4 === 0)) {
          const msgs = [msg, good()];
          cases.push({ name: `${type}: ${name}`, path, body: batch(msgs), msgs });
        }
      }
      const tag = newTag();
      const nonObjects: Msg[] = ['null', '1', '"s"', '[]', deepArray(10_000), deepObject(1000)].map(
        (json, i) => ({
          json,
          id: null,
          tag: `${tag}-${i}`,
        }),
      );
      cases.push({
        name: 'non-object messages',
        path,
        body: batch(nonObjects),
        msgs: nonObjects,
        expect: { status: 200 },
      });
      const deepTag = newTag();
      cases.push({
        name: '"batch" is an array 10,000 deep',
        path,
        body: `{"batch":${deepArray(10_000)}}`,
        msgs: [{ json: '', id: null, tag: deepTag }],
        expect: { status: 200 },
      });
      for (const [name, body] of [
        ['"batch" is null', '{"batch":null}'],
        ['"batch" is a string', '{"batch":"[]"}'],
        ['"batch" is an object', '{"batch":{"0":{"type":"track"}}}'],
        ['no "batch"', '{"type":"track","event":"E","userId":"u"}'],
        ['"batch" of 2,501 messages', `{"batch":[${Array(2501).fill('{}').join(',')}]}`],
      ] as const) {
        cases.push({ name, path, body, msgs: [], expect: { status: 400 } });
      }
      for (const [name, extra, status] of [
        ['batch context 10,000 deep', `,"context":${deepObject(10_000)}`, 400],
        ['batch context.groupId with a lone surrogate', ',"context":{"groupId":"\\ud800"}', 400],
        ['batch context.groupId "__proto__"', ',"context":{"groupId":"__proto__"}', 200],
        ['batch sentAt in year 0001', ',"sentAt":"0001-01-01T00:00:00Z"', 200],
        ['batch sentAt not a date', ',"sentAt":{"a":1}', 200],
        ['an unknown batch key 10,000 deep', `,"extra":${deepArray(10_000)}`, 200],
        ['"__proto__" as a batch key', ',"__proto__":{"batch":1}', 200],
      ] as const) {
        const msgs = [good(), good()];
        cases.push({ name, path, body: batch(msgs, extra), msgs, expect: { status } });
      }
      for (let i = 0; i < 12; i++) {
        const msgs = generatedMessages(2000 + BATCH.indexOf(path) * 100 + i, 1 + (i % 6), newTag);
        cases.push({ name: 'generated batch', path, body: batch(msgs), msgs });
      }
      await run(`POST /v1/${path}`, cases);
      const codes = tallyOf(`POST /v1/${path}`).codes;
      for (const code of [
        'TOO_DEEP',
        'INVALID_UNICODE',
        'INVALID_FIELD',
        'INVALID_MESSAGE',
        'UNKNOWN_TYPE',
      ]) {
        expect(codes.get(code), code).toBeGreaterThan(0);
      }
    });
  }

  it('POST /v1/m: answers 200 to anything and stores nothing', async () => {
    const cases: Case[] = (await bodyCases('m', true)).map((c) => ({ ...c, stores: false }));
    for (const { name, msg } of hostileMessages('track', newTag).slice(0, 20)) {
      cases.push({ name, path: 'm', body: msg.json, msgs: [msg], stores: false, expect: { status: 200 } });
    }
    await run('POST /v1/m', cases);
  });

  it('GET /v1/pixel.gif: hostile query strings', async () => {
    const cases: Case[] = [];
    const pixel = (name: string, params: Record<string, string> | string, opts: Partial<Case> = {}) => {
      const tag = newTag();
      const query =
        typeof params === 'string'
          ? params.replaceAll('TAG', tag)
          : new URLSearchParams({
              account: `${tag}-acct`,
              user: `${tag}-u`,
              messageId: `${tag}-m`,
              ...params,
            }).toString();
      cases.push({
        name,
        path: `pixel.gif?${query}`,
        method: 'GET',
        msgs: [{ json: '', id: storedId(new URLSearchParams(query).get('messageId')), tag }],
        ...opts,
      });
    };
    pixel('valid', { activity: 'Email Opened' }, { expect: { status: 200 } });
    pixel('no activity', {}, { expect: { status: 400, code: 'VALIDATION_FAILED' } });
    pixel('NUL in activity', 'activity=a%00b&user=TAG-u&messageId=TAG-m', { expect: { status: 400 } });
    pixel('NUL in account', 'activity=x&account=TAG%00&user=TAG-u&messageId=TAG-m', {
      expect: { status: 400 },
    });
    pixel('encoded surrogate (CESU-8) in user', 'activity=x&user=TAG-u%ED%A0%80&messageId=TAG-m');
    pixel('invalid percent-encoding', 'activity=%E0%A4%A&user=TAG-u&messageId=TAG-m');
    pixel('0xFF byte', 'activity=x%FF&user=TAG-u&messageId=TAG-m');
    for (const key of ['__proto__', 'constructor', 'prototype', 'toString']) {
      pixel(`"${key}" as the activity, account and user`, {
        activity: key,
        account: key,
        user: key,
        messageId: `${newTag()}-${key}`,
      });
      pixel(`"${key}" as a parameter name`, `activity=x&${key}=1&${key}[a]=2&user=TAG-u&messageId=TAG-m`);
    }
    pixel('activity of 300 characters', { activity: 'a'.repeat(300) }, { expect: { status: 400 } });
    pixel('activity of 100 KB', { activity: 'a'.repeat(100 * 1024) });
    pixel('durationMs 1e308', { activity: 'x', durationMs: '1e308' });
    pixel('durationMs -1', { activity: 'x', durationMs: '-1' }, { expect: { status: 400 } });
    pixel('durationMs NaN', { activity: 'x', durationMs: 'NaN' }, { expect: { status: 400 } });
    pixel(
      'messageId of 300 characters',
      { activity: 'x', messageId: 'm'.repeat(300) },
      { expect: { status: 400 } },
    );
    pixel('no write key', 'activity=x&user=TAG-u&messageId=TAG-m', { auth: false, expect: { status: 401 } });
    pixel('write key in the query twice', 'activity=x&writeKey=a&writeKey=b&user=TAG-u&messageId=TAG-m', {
      auth: false,
      expect: { status: 401 },
    });
    const generated = fc.sample(fc.dictionary(hostileString, hostileString, { maxKeys: 5 }), {
      seed: 3000,
      numRuns: 16,
    });
    // URLSearchParams percent-encodes a lone surrogate as U+FFFD: a query cannot carry one.
    for (const params of generated) pixel('generated', { activity: 'x', ...params });
    await run('GET /v1/pixel.gif', cases);
  });

  it('unknown paths, including Object.prototype names: 404 with the envelope, nothing stored', async () => {
    const cases: Case[] = [];
    for (const path of UNKNOWN) {
      const msg = message('track', newTag());
      cases.push({
        name: 'a valid message',
        path,
        body: msg.json,
        msgs: [msg],
        expect: { status: 404, code: 'NOT_FOUND' },
      });
      cases.push({
        name: 'a batch',
        path,
        body: `{"batch":[${msg.json}]}`,
        msgs: [msg],
        expect: { status: 404, code: 'NOT_FOUND' },
      });
      cases.push({
        name: 'malformed JSON',
        path,
        body: '{',
        msgs: [],
        expect: { status: 404, code: 'NOT_FOUND' },
      });
      cases.push({ name: 'GET', path, method: 'GET', msgs: [], expect: { status: 404, code: 'NOT_FOUND' } });
    }
    for (const path of ['track', 'batch']) {
      cases.push({
        name: 'GET of a POST route',
        path,
        method: 'GET',
        msgs: [],
        expect: { status: 404, code: 'NOT_FOUND' },
      });
    }
    await run('unknown paths', cases);
  });
});
