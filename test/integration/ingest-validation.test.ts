import { describe, expect, it } from 'vitest';
import { call, createSource, gzip, ingest, rows, uid, waitFor } from './helpers';

type ErrorBody = {
  error: { code: string; message: string; requestId: string; issues?: { index?: number; code: string }[] };
};

async function countMessages(ids: string[]) {
  const placeholders = ids.map(() => '?').join(',');
  return (
    await rows<{ n: number }>(
      `SELECT count(*) AS n FROM events WHERE message_id IN (${placeholders})`,
      ...ids,
    )
  )[0]!.n;
}

const track = (extra: Record<string, unknown> = {}) => ({
  type: 'track',
  event: 'Validated',
  userId: 'u1',
  messageId: uid('m'),
  ...extra,
});

describe('ingest body handling and limits', () => {
  it('answers 400 INVALID_JSON for a body that is not JSON', async () => {
    const { writeKey } = await createSource();
    const res = await ingest('/v1/batch', writeKey, '{"batch": [');
    expect(res.status).toBe(400);
    expect((await res.json<ErrorBody>()).error.code).toBe('INVALID_JSON');
  });

  it('answers 400 INVALID_JSON for a JSON body that is not an object', async () => {
    const { writeKey } = await createSource();
    const res = await ingest('/v1/track', writeKey, '[1,2]');
    expect(res.status).toBe(400);
    expect((await res.json<ErrorBody>()).error.code).toBe('INVALID_JSON');
  });

  it('accepts a gzip body (RudderStack) and stores its events', async () => {
    const { writeKey } = await createSource();
    const msgs = [track(), track()];
    const res = await ingest('/v1/batch', writeKey, await gzip(JSON.stringify({ batch: msgs })), {
      'Content-Encoding': 'gzip',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success: true, accepted: 2, rejected: [] });
    await waitFor(async () => (await countMessages(msgs.map((m) => m.messageId))) === 2);
  });

  it('answers 400 INVALID_GZIP for a corrupt gzip body', async () => {
    const { writeKey } = await createSource();
    const body = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5]);
    const res = await ingest('/v1/batch', writeKey, body, { 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(400);
    expect((await res.json<ErrorBody>()).error.code).toBe('INVALID_GZIP');
  });

  it('applies the 500 KB limit to the decompressed body (gzip bomb)', async () => {
    const { writeKey } = await createSource();
    const big = JSON.stringify({ batch: [track({ properties: { pad: 'x'.repeat(600 * 1024) } })] });
    const compressed = await gzip(big);
    expect(compressed.byteLength).toBeLessThan(10 * 1024);
    const res = await ingest('/v1/batch', writeKey, compressed, { 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(400);
    expect((await res.json<ErrorBody>()).error.code).toBe('REQUEST_TOO_LARGE');
  });

  it('caps a streamed body without Content-Length at 500 KB, and accepts one under it', async () => {
    const { writeKey } = await createSource();
    const stream = (text: string) => {
      const bytes = new TextEncoder().encode(text);
      return new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.byteLength; i += 16 * 1024)
            controller.enqueue(bytes.subarray(i, i + 16 * 1024));
          controller.close();
        },
      });
    };
    const send = (text: string) =>
      call('/v1/batch', {
        method: 'POST',
        headers: { Authorization: `Basic ${btoa(`${writeKey}:`)}` },
        body: stream(text),
        // @ts-expect-error: workerd's RequestInit accepts duplex for a streamed body
        duplex: 'half',
      });
    const tooBig = [track({ properties: { pad: 'z'.repeat(520 * 1024) } })];
    const res = await send(JSON.stringify({ batch: tooBig }));
    expect(res.status).toBe(400);
    expect((await res.json<ErrorBody>()).error.code).toBe('REQUEST_TOO_LARGE');
    const fine = [track(), track()];
    const ok = await send(JSON.stringify({ batch: fine }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ success: true, accepted: 2 });
    await waitFor(async () => (await countMessages(fine.map((m) => m.messageId))) === 2);
    expect(await countMessages(tooBig.map((m) => m.messageId))).toBe(0);
  });

  it('answers 400 REQUEST_TOO_LARGE over 500 KB and stores nothing', async () => {
    const { writeKey } = await createSource();
    const msgs = Array.from({ length: 20 }, () => track({ properties: { pad: 'y'.repeat(26 * 1024) } }));
    const res = await ingest('/v1/batch', writeKey, { batch: msgs });
    expect(res.status).toBe(400);
    expect((await res.json<ErrorBody>()).error.code).toBe('REQUEST_TOO_LARGE');
    expect(await countMessages(msgs.map((m) => m.messageId))).toBe(0);
  });

  it('answers 400 MESSAGE_TOO_LARGE for a single message over 32 KB', async () => {
    const { writeKey } = await createSource();
    const res = await ingest('/v1/track', writeKey, track({ properties: { pad: 'z'.repeat(33 * 1024) } }));
    expect(res.status).toBe(400);
    expect((await res.json<ErrorBody>()).error.code).toBe('MESSAGE_TOO_LARGE');
  });

  it('answers 400 MESSAGE_TOO_LARGE for a batch holding a message over 32 KB, writing none of it', async () => {
    const { writeKey } = await createSource();
    const msgs = [track(), track({ properties: { pad: 'z'.repeat(33 * 1024) } }), track()];
    const res = await ingest('/v1/batch', writeKey, { batch: msgs });
    expect(res.status).toBe(400);
    const body = await res.json<ErrorBody>();
    expect(body.error.code).toBe('MESSAGE_TOO_LARGE');
    expect(body.error.issues?.[0]?.index).toBe(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await countMessages(msgs.map((m) => m.messageId))).toBe(0);
  });

  it('answers 400 BATCH_TOO_LARGE over 2,500 messages', async () => {
    const { writeKey } = await createSource();
    const batch = Array.from({ length: 2501 }, (_, i) => ({ type: 'track', event: 'e', userId: `u${i}` }));
    const res = await ingest('/v1/batch', writeKey, { batch });
    expect(res.status).toBe(400);
    expect((await res.json<ErrorBody>()).error.code).toBe('BATCH_TOO_LARGE');
  });

  it('accepts exactly 2,500 messages', async () => {
    const { writeKey } = await createSource();
    const batch = Array.from({ length: 2500 }, (_, i) => ({
      type: 'track',
      event: 'e',
      userId: `u${i}`,
      messageId: uid('b'),
    }));
    const res = await ingest('/v1/batch', writeKey, { batch });
    expect(res.status).toBe(200);
    expect((await res.json<{ accepted: number }>()).accepted).toBe(2500);
  });

  it('answers 400 when "batch" is not an array', async () => {
    const { writeKey } = await createSource();
    const res = await ingest('/v1/batch', writeKey, { batch: { type: 'track' } });
    expect(res.status).toBe(400);
    expect((await res.json<ErrorBody>()).error.code).toBe('VALIDATION_FAILED');
  });
});

describe('per-message validation', () => {
  const cases: [string, string, Record<string, unknown>, string][] = [
    ['track without event', '/v1/track', { userId: 'u1' }, 'MISSING_EVENT'],
    ['track with empty event', '/v1/track', { userId: 'u1', event: '' }, 'MISSING_EVENT'],
    ['group without groupId', '/v1/group', { userId: 'u1', traits: {} }, 'MISSING_GROUP_ID'],
    ['no userId and no anonymousId', '/v1/track', { event: 'x' }, 'MISSING_IDENTITY'],
    ['event of the wrong type', '/v1/track', { userId: 'u1', event: 42 }, 'INVALID_FIELD'],
    [
      'properties of the wrong type',
      '/v1/track',
      { userId: 'u1', event: 'x', properties: 'nope' },
      'INVALID_FIELD',
    ],
    ['traits of the wrong type', '/v1/identify', { userId: 'u1', traits: [1] }, 'INVALID_FIELD'],
    ['timestamp that is not a date', '/v1/page', { userId: 'u1', timestamp: 'yesterday' }, 'INVALID_FIELD'],
    ['userId that is an object', '/v1/identify', { userId: { id: 1 } }, 'INVALID_FIELD'],
    ['alias without previousId', '/v1/alias', { userId: 'u1' }, 'MISSING_PREVIOUS_ID'],
  ];
  for (const [name, path, message, code] of cases) {
    it(`answers 400 ${code} for ${name} on ${path}`, async () => {
      const { writeKey } = await createSource();
      const res = await ingest(path, writeKey, message);
      expect(res.status).toBe(400);
      const body = await res.json<ErrorBody>();
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.issues?.[0]?.code).toBe(code);
    });
  }

  it('accepts the valid messages of a batch and lists the invalid ones with index, code and message', async () => {
    const { writeKey } = await createSource();
    const good = [track(), track()];
    const batch = [
      good[0],
      { type: 'track', userId: 'u1', messageId: uid('bad') },
      { type: 'bogus', userId: 'u1' },
      good[1],
      'text',
    ];
    const res = await ingest('/v1/batch', writeKey, { batch });
    expect(res.status).toBe(200);
    const body = await res.json<{
      accepted: number;
      rejected: { index: number; code: string; message: string }[];
    }>();
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => [r.index, r.code])).toEqual([
      [1, 'MISSING_EVENT'],
      [2, 'UNKNOWN_TYPE'],
      [4, 'INVALID_MESSAGE'],
    ]);
    expect(body.rejected.every((r) => r.message.length > 0)).toBe(true);
    await waitFor(async () => (await countMessages(good.map((m) => m!.messageId))) === 2);
    expect(await countMessages([(batch[1] as { messageId: string }).messageId])).toBe(0);
  });
});

describe('ingest paths', () => {
  const paths: [string, Record<string, unknown>][] = [
    ['track', { event: 'Path Test' }],
    ['t', { event: 'Path Test' }],
    ['identify', { traits: { email: 'a@b.c' } }],
    ['i', {}],
    ['group', { groupId: 'path-acct' }],
    ['g', { groupId: 'path-acct' }],
    ['page', { name: 'Home' }],
    ['p', { name: 'Home' }],
    ['screen', { name: 'Main' }],
    ['s', { name: 'Main' }],
    ['alias', { previousId: 'anon-1' }],
    ['a', { previousId: 'anon-1' }],
  ];
  for (const [path, fields] of paths) {
    it(`POST /v1/${path} stores the message with the type implied by the path`, async () => {
      const { writeKey } = await createSource();
      const messageId = uid('path');
      const res = await ingest(`/v1/${path}`, writeKey, { userId: 'path-user', messageId, ...fields });
      expect(res.status).toBe(200);
      const type =
        { t: 'track', i: 'identify', g: 'group', p: 'page', s: 'screen', a: 'alias' }[path] ?? path;
      const stored = await waitFor(
        async () =>
          (await rows<{ type: string }>('SELECT type FROM events WHERE message_id = ?', messageId))[0],
      );
      expect(stored.type).toBe(type);
    });
  }

  for (const path of ['batch', 'b', 'import']) {
    it(`POST /v1/${path} accepts a batch`, async () => {
      const { writeKey } = await createSource();
      const msgs = [track(), { type: 'page', name: 'Home', userId: 'u1', messageId: uid('p') }];
      const res = await ingest(`/v1/${path}`, writeKey, { batch: msgs });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ accepted: 2 });
      await waitFor(async () => (await countMessages(msgs.map((m) => m.messageId))) === 2);
    });
  }

  it('POST /v1/m answers 2xx and stores nothing', async () => {
    const before = (await rows<{ n: number }>('SELECT count(*) AS n FROM events'))[0]!.n;
    const res = await call('/v1/m', {
      method: 'POST',
      body: JSON.stringify({ series: [{ type: 'Counter', metric: 'x', value: 1 }] }),
    });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await rows<{ n: number }>('SELECT count(*) AS n FROM events'))[0]!.n).toBe(before);
  });

  it('answers 404 with the envelope for an unknown ingest path', async () => {
    const { writeKey } = await createSource();
    const res = await ingest('/v1/unknown', writeKey, track());
    expect(res.status).toBe(404);
    expect((await res.json<ErrorBody>()).error.code).toBe('NOT_FOUND');
  });
});

describe('browsers, rate limits and beacons', () => {
  it('answers the CORS preflight for Authorization, Content-Type and X-Retry-Count', async () => {
    const res = await call('/v1/batch', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://app.customer.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,x-retry-count',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    const allowed = (res.headers.get('Access-Control-Allow-Headers') ?? '').toLowerCase();
    for (const h of ['authorization', 'content-type', 'x-retry-count']) expect(allowed).toContain(h);
    expect(res.headers.get('Access-Control-Allow-Methods')).toContain('POST');
  });

  it('sends CORS headers on successful and failed ingest responses', async () => {
    const { writeKey } = await createSource();
    const ok = await ingest('/v1/track', writeKey, track(), { Origin: 'https://app.customer.example' });
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe('*');
    const denied = await ingest('/v1/track', 'kw_nope', track(), { Origin: 'https://app.customer.example' });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('Access-Control-Allow-Origin')).toBe('*');
  });

  it('answers 429 with Retry-After and X-RateLimit-Reset once a write key exceeds its limit', async () => {
    // The integration config limits each key to 25 requests per 10 s.
    const { writeKey } = await createSource();
    const other = await createSource();
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 30; i++) {
      const res = await ingest('/v1/track', writeKey, track());
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    expect(statuses.filter((s) => s === 200).length).toBe(25);
    expect(limited).toBeDefined();
    const retryAfter = Number(limited!.headers.get('Retry-After'));
    const reset = Number(limited!.headers.get('X-RateLimit-Reset'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(reset).toBeGreaterThan(Date.now() / 1000 - 1);
    expect((await limited!.json<ErrorBody>()).error.code).toBe('RATE_LIMITED');
    // The limit is per write key: another source is unaffected.
    expect((await ingest('/v1/track', other.writeKey, track())).status).toBe(200);
  });

  it('GET /v1/pixel.gif records a track event and returns a 1×1 GIF', async () => {
    const { writeKey } = await createSource();
    const account = uid('pixel-acct');
    const messageId = uid('px');
    const q = new URLSearchParams({
      writeKey,
      account,
      user: 'pixel-user',
      activity: 'Email Opened',
      module: 'email',
      messageId,
    });
    const res = await call(`/v1/pixel.gif?${q}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('image/gif');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(String.fromCharCode(...bytes.slice(0, 6))).toBe('GIF89a');
    const [row] = await waitFor(() =>
      rows<{ name: string; account: string; module: string }>(
        `SELECT e.name, a.external_id AS account, f.module FROM events e JOIN accounts a ON a.id = e.account_id
         JOIN features f ON f.id = e.feature_id WHERE e.message_id = ?`,
        messageId,
      ).then((r) => (r.length ? r : null)),
    );
    expect(row).toEqual({ name: 'Email Opened', account, module: 'email' });
  });

  it('GET /v1/pixel.gif answers 400 without an activity and 401 with a bad key', async () => {
    const { writeKey } = await createSource();
    const missing = await call(`/v1/pixel.gif?${new URLSearchParams({ writeKey, user: 'u1' })}`);
    expect(missing.status).toBe(400);
    expect((await missing.json<ErrorBody>()).error.code).toBe('VALIDATION_FAILED');
    const bad = await call(
      `/v1/pixel.gif?${new URLSearchParams({ writeKey: 'kw_bad', user: 'u1', activity: 'x' })}`,
    );
    expect(bad.status).toBe(401);
  });
});
