import { describe, expect, it } from 'vitest';
import { SDK_VERSION } from '../../sdk/src/version';
import { call, errorCode } from './helpers';

// The SDK files are the SPA's static assets (web/dist/sdk/, written by sdk/build.mjs: `npm run build`); the
// Worker answers /sdk/* first and adds the cache and CORS headers. test/e2e/sdk-serving.test.ts checks the same
// through `wrangler dev`'s asset routing.

const FROM_ELSEWHERE = { headers: { Origin: 'https://www.customer.example' } };

describe('GET /sdk/*: the SDK every installation serves', () => {
  it('serves the versioned script-tag build immutable for a year, to any origin, with the security headers', async () => {
    const res = await call(`/sdk/${SDK_VERSION}/keepwell.iife.min.js`, FROM_ELSEWHERE);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/javascript/);
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const body = await res.text();
    expect(body).toContain('var Keepwell=');
    expect(body).toContain(SDK_VERSION);
  });

  it('serves the unversioned alias for 5 minutes, and the ESM build', async () => {
    const alias = await call('/sdk/keepwell.iife.min.js', FROM_ELSEWHERE);
    expect(alias.status).toBe(200);
    expect(alias.headers.get('Cache-Control')).toBe('public, max-age=300');
    expect(alias.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(await alias.text()).toBe(await (await call(`/sdk/${SDK_VERSION}/keepwell.iife.min.js`)).text());

    const esm = await call('/sdk/keepwell.min.js');
    expect(esm.status).toBe(200);
    expect(esm.headers.get('Content-Type')).toMatch(/^application\/javascript/);
    expect(await esm.text()).toMatch(/export\s*\{[^}]*createKeepwell/);
    expect((await call(`/sdk/${SDK_VERSION}/keepwell.min.js`)).headers.get('Cache-Control')).toContain(
      'immutable',
    );
  });

  it('answers 304 to a revalidation with the ETag', async () => {
    const first = await call('/sdk/keepwell.min.js');
    const etag = first.headers.get('ETag');
    expect(etag).toBeTruthy();
    const again = await call('/sdk/keepwell.min.js', { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('Cache-Control')).toBe('public, max-age=300');
  });

  it('is 404 for a version this installation does not ship (never the SPA page), 400 for another file', async () => {
    const other = await call('/sdk/9.9.9/keepwell.min.js');
    expect(other.status).toBe(404);
    expect(await errorCode(other)).toBe('NOT_FOUND');
    expect(other.headers.get('Cache-Control')).toBe('no-store');
    expect((await call('/sdk/index.html')).status).toBe(400);
    expect((await call('/sdk/../index.html')).status).not.toBe(200);
  });
});
