import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, admin, basic, call, createSource, ingest, rows, uid, waitFor } from './helpers';

const track = (userId: string, messageId = uid('m')) => ({
  type: 'track',
  event: 'Auth Test',
  userId,
  messageId,
});

async function stored(messageId: string) {
  return (
    (await rows<{ n: number }>('SELECT count(*) AS n FROM events WHERE message_id = ?', messageId))[0]?.n ?? 0
  );
}

describe('ingest authentication', () => {
  it('accepts the write key as Basic username with a colon', async () => {
    const { writeKey } = await createSource();
    const msg = track('u1');
    const res = await ingest('/v1/track', writeKey, msg);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    await waitFor(async () => (await stored(msg.messageId)) === 1);
  });

  it('accepts the write key as Basic username without a colon', async () => {
    const { writeKey } = await createSource();
    const msg = track('u1');
    const res = await call('/v1/track', {
      method: 'POST',
      headers: { Authorization: basic(writeKey, false) },
      body: JSON.stringify(msg),
    });
    expect(res.status).toBe(200);
    await waitFor(async () => (await stored(msg.messageId)) === 1);
  });

  it('accepts writeKey in the body and ignores Content-Type', async () => {
    const { writeKey } = await createSource();
    const msg = track('u1');
    const res = await call('/v1/batch', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ writeKey, batch: [msg] }),
    });
    expect(res.status).toBe(200);
    await waitFor(async () => (await stored(msg.messageId)) === 1);
  });

  it('rejects a missing write key with 401 and the error envelope', async () => {
    const res = await ingest('/v1/track', null, track('u1'));
    expect(res.status).toBe(401);
    const body = await res.json<{ error: { code: string; message: string; requestId: string } }>();
    expect(body.error.code).toBe('INVALID_WRITE_KEY');
    expect(body.error.requestId).toBe(res.headers.get('X-Request-Id'));
  });

  it('rejects an unknown write key with 401 and stores nothing', async () => {
    const msg = track('u1');
    const res = await ingest('/v1/batch', 'kw_unknownkeyunknownkeyunknownkey', { batch: [msg] });
    expect(res.status).toBe(401);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe('INVALID_WRITE_KEY');
    expect(await stored(msg.messageId)).toBe(0);
  });

  it('rejects a revoked write key with 401', async () => {
    const { id, writeKey } = await createSource();
    expect((await ingest('/v1/track', writeKey, track('u1'))).status).toBe(200);
    const revoke = await admin(`/api/sources/${id}`, { method: 'DELETE' });
    expect(revoke.status).toBe(200);
    expect((await revoke.json<{ revokedAt: string | null }>()).revokedAt).not.toBeNull();
    const res = await ingest('/v1/track', writeKey, track('u1'));
    expect(res.status).toBe(401);
  });

  it('does not accept the admin token as a write key', async () => {
    const res = await ingest('/v1/track', ADMIN_TOKEN, track('u1'));
    expect(res.status).toBe(401);
  });

  it('does not accept a write key on the admin API', async () => {
    const { writeKey } = await createSource();
    for (const auth of [`Bearer ${writeKey}`, basic(writeKey)]) {
      const res = await call('/api/accounts', { headers: { Authorization: auth } });
      expect(res.status).toBe(401);
      expect((await res.json<{ error: { code: string } }>()).error.code).toBe('UNAUTHORIZED');
    }
  });

  it('requires the admin token on every admin route', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/sources'],
      ['POST', '/api/sources'],
      ['DELETE', '/api/sources/00000000-0000-4000-8000-000000000000'],
      ['GET', '/api/accounts'],
      ['GET', '/api/accounts/acme'],
      ['GET', '/api/features'],
      ['PATCH', '/api/features/1'],
      ['GET', '/api/ingest/failures'],
      ['POST', '/api/ingest/failures/1/replay'],
      ['GET', '/api/ingest/stats'],
    ];
    for (const [method, path] of routes) {
      const none = await call(path, { method });
      expect(none.status, `${method} ${path} without token`).toBe(401);
      const wrong = await call(path, { method, headers: { Authorization: 'Bearer wrong-token' } });
      expect(wrong.status, `${method} ${path} with a wrong token`).toBe(401);
    }
  });
});
