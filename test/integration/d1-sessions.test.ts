import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/app';
import { BOOKMARK_COOKIE, BOOKMARK_HEADER, requestBookmark } from '../../worker/common/d1-session';
import { ADMIN_TOKEN, call } from './helpers';

// D1 read replication: the admin API runs each request on a D1 session (reads on a replica, at least as
// fresh as the bookmark the caller carries; writes on the primary) and hands the bookmark back.

/** env.DB with every withSession call recorded, the sessions still real. */
function recordingEnv() {
  const constraints: (string | undefined)[] = [];
  const db = env.DB;
  const DB = new Proxy(db, {
    get(target, key) {
      if (key === 'withSession')
        return (constraint?: string) => {
          constraints.push(constraint);
          return target.withSession(constraint);
        };
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { env: { ...env, DB }, constraints };
}

async function fetchWith(testEnv: object, path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await createApp().fetch(new Request(`http://keepwell.test${path}`, init), testEnv, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };

describe('D1 sessions on the admin API', () => {
  it('reads start unconstrained, writes on the primary, and a carried bookmark is where the next read starts', async () => {
    const { env: testEnv, constraints } = recordingEnv();
    const read = await fetchWith(testEnv, '/api/dashboard', { headers: auth });
    expect(read.status).toBe(200);
    const write = await fetchWith(testEnv, '/api/sources', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'session test' }),
    });
    expect(write.status).toBe(201);
    const bookmark = write.headers.get(BOOKMARK_HEADER);
    expect(bookmark).toMatch(/^[0-9a-f-]+$/i);
    expect(write.headers.get('Set-Cookie')).toContain(`${BOOKMARK_COOKIE}=${bookmark}`);
    expect(write.headers.get('Set-Cookie')).toMatch(/HttpOnly/i);
    expect(write.headers.get('Set-Cookie')).toMatch(/Path=\/api/);

    // The SPA carries it as the cookie, API clients as the header: the next read starts there and sees the write.
    const after = await fetchWith(testEnv, '/api/sources', {
      headers: { ...auth, Cookie: `${BOOKMARK_COOKIE}=${bookmark}` },
    });
    expect(after.status).toBe(200);
    expect(JSON.stringify(await after.json())).toContain('session test');
    expect(constraints).toEqual(['first-unconstrained', 'first-primary', bookmark]);
  });

  it('ignores a bookmark that is not one instead of failing the request', async () => {
    for (const junk of ['not a bookmark', "'; DROP TABLE accounts; --", 'a'.repeat(5000)]) {
      const res = await call('/api/dashboard', { headers: { ...auth, [BOOKMARK_HEADER]: junk } });
      expect(res.status).toBe(200);
    }
    expect(requestBookmark('0000000b-00000004-00004f9a-3ba29ba1c49f6d3d', undefined)).toBe(
      '0000000b-00000004-00004f9a-3ba29ba1c49f6d3d',
    );
    expect(requestBookmark('zz', '00000001-00000002')).toBe('00000001-00000002');
    expect(requestBookmark(undefined, undefined)).toBeUndefined();
  });

  it('leaves ingest and public routes on the database itself (no bookmark, no cookie for SDKs)', async () => {
    for (const res of [
      await call('/api/health'),
      await call('/v1/track', { method: 'POST', body: '{}', headers: { Authorization: 'Basic eDo=' } }),
    ]) {
      expect(res.headers.get(BOOKMARK_HEADER)).toBeNull();
      expect(res.headers.get('Set-Cookie') ?? '').not.toContain(BOOKMARK_COOKIE);
    }
  });
});
