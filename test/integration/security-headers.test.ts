import { exports } from 'cloudflare:workers';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { errorResponse } from '../../worker/common/errors';
import { requestId } from '../../worker/common/request-id';
import { API_CONTENT_SECURITY_POLICY, securityHeaders } from '../../worker/common/security-headers';
import { ADMIN_TOKEN, admin, call, createSource, ingest, uid } from './helpers';

// What the Worker answers itself (/api/*, /v1/*) carries the security headers, errors included. The SPA and the
// survey page are static assets with their own headers (web/public/_headers), checked end to end in test/e2e.

const track = () => ({ type: 'track', event: 'Headers Test', userId: 'u1', messageId: uid('m') });

/** nosniff, a policy that loads nothing and cannot be framed, no referrer, and (unless `cache` says) no-store. */
function expectSecurityHeaders(res: Response, opts: { cache?: string } = {}) {
  expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
  expect(res.headers.get('Content-Security-Policy')).toBe(API_CONTENT_SECURITY_POLICY);
  expect(res.headers.get('X-Frame-Options')).toBe('DENY');
  expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
  expect(res.headers.get('Cache-Control')).toBe(opts.cache ?? 'no-store');
}

async function expectErrorEnvelope(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect((await res.json<{ error: { code: string } }>()).error.code).toBe(code);
}

describe('security headers on /api', () => {
  it('sends them on a successful JSON response', async () => {
    const res = await admin('/api/accounts');
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    const health = await call('/api/health');
    expectSecurityHeaders(health);
  });

  it('sends them on a CSV export, which no cache may keep', async () => {
    const res = await admin('/api/accounts/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('text/csv');
    expectSecurityHeaders(res);
  });

  it('sends them on 400, 401 and 404 error envelopes', async () => {
    const malformed = await call('/api/sources', {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: '{"name":',
    });
    expectSecurityHeaders(malformed);
    await expectErrorEnvelope(malformed, 400, 'INVALID_JSON');

    const anonymous = await call('/api/accounts');
    expectSecurityHeaders(anonymous);
    await expectErrorEnvelope(anonymous, 401, 'UNAUTHORIZED');

    const unknown = await admin('/api/no-such-route');
    expectSecurityHeaders(unknown);
    await expectErrorEnvelope(unknown, 404, 'NOT_FOUND');
  });

  it('sends them on the public survey endpoints, whose URL holds a credential', async () => {
    const res = await call('/api/public/surveys/not-a-token');
    expectSecurityHeaders(res);
    expect(res.status).toBeGreaterThanOrEqual(400);
  });

  it('adds Strict-Transport-Security only when the request came over https', async () => {
    const plain = await call('/api/health');
    expect(plain.headers.get('Strict-Transport-Security')).toBeNull();
    const secure = await exports.default.fetch(new Request('https://keepwell.test/api/health'));
    expect(secure.headers.get('Strict-Transport-Security')).toBe('max-age=31536000; includeSubDomains');
    const secureError = await exports.default.fetch(new Request('https://keepwell.test/v1/nope'));
    expect(secureError.status).toBe(404);
    expect(secureError.headers.get('Strict-Transport-Security')).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('security headers on /v1', () => {
  it('sends them on accepted events and on a refused write key', async () => {
    const { writeKey } = await createSource();
    const ok = await ingest('/v1/batch', writeKey, { batch: [track()] });
    expect(ok.status).toBe(200);
    expectSecurityHeaders(ok);
    const denied = await ingest('/v1/track', 'kw_nope', track());
    expectSecurityHeaders(denied);
    await expectErrorEnvelope(denied, 401, 'INVALID_WRITE_KEY');
    const unknown = await ingest('/v1/nope', writeKey, track());
    expectSecurityHeaders(unknown);
    await expectErrorEnvelope(unknown, 404, 'NOT_FOUND');
  });

  it('sends them on a 429 and keeps its Retry-After', async () => {
    // The integration config limits each key to 25 requests per 10 s.
    const { writeKey } = await createSource();
    let limited: Response | undefined;
    for (let i = 0; i < 30 && !limited; i++) {
      const res = await ingest('/v1/track', writeKey, { type: 'track' });
      if (res.status === 429) limited = res;
    }
    expect(limited).toBeDefined();
    expectSecurityHeaders(limited!);
    expect(Number(limited!.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    await expectErrorEnvelope(limited!, 429, 'RATE_LIMITED');
  });

  it("keeps the pixel's own Cache-Control", async () => {
    const { writeKey } = await createSource();
    const res = await call(`/v1/pixel.gif?writeKey=${writeKey}&activity=Email%20Opened&user=u1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('image/gif');
    expectSecurityHeaders(res, { cache: 'no-store, max-age=0' });
  });

  it('still answers the CORS preflight of browser clients, with the headers', async () => {
    const res = await call('/v1/batch', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://app.customer.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Access-Control-Allow-Methods')).toContain('POST');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const { writeKey } = await createSource();
    const cors = await ingest('/v1/track', writeKey, track(), { Origin: 'https://app.customer.example' });
    expect(cors.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(cors.headers.get('Access-Control-Expose-Headers')).toContain('Retry-After');
  });
});

describe('securityHeaders middleware', () => {
  const app = () =>
    new Hono()
      .use('*', securityHeaders())
      .use('*', requestId())
      .onError((err, c) => errorResponse(c, err));

  it('sends them on a 500 envelope', async () => {
    const res = await app()
      .get('/boom', () => {
        throw new Error('database exploded');
      })
      .request('/boom');
    expectSecurityHeaders(res);
    await expectErrorEnvelope(res, 500, 'INTERNAL_ERROR');
  });

  it('adds them to a response whose own headers are immutable', async () => {
    const res = await app()
      .get('/away', () => Response.redirect('https://keepwell.test/elsewhere', 302))
      .request('/away');
    expect(res.status).toBe(302);
    expect(res.headers.get('Location')).toBe('https://keepwell.test/elsewhere');
    expectSecurityHeaders(res);
  });

  it("keeps a page's own Content-Security-Policy and Cache-Control", async () => {
    const policy = "default-src 'none'; script-src 'self'; frame-ancestors 'none'";
    const res = await app()
      .get('/page', (c) =>
        c.html('<p>docs</p>', 200, { 'Content-Security-Policy': policy, 'Cache-Control': 'max-age=60' }),
      )
      .request('/page');
    expect(res.headers.get('Content-Security-Policy')).toBe(policy);
    expect(res.headers.get('Cache-Control')).toBe('max-age=60');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });
});
