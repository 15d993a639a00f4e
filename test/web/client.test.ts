import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient } from '../../web/src/api/client';
import { errorBody, fakeApi } from './fetch';

function client(routes: Parameters<typeof fakeApi>[0], csrf: string | null = 'csrf-123') {
  const server = fakeApi(routes);
  const onUnauthorized = vi.fn();
  const api = createApiClient({ getCsrfToken: () => csrf, onUnauthorized, fetch: server.fetch });
  return { api, onUnauthorized, requests: server.requests };
}

describe('createApiClient', () => {
  it('sends the session cookie (same-origin) and no CSRF header on GET', async () => {
    const { api, requests } = client({ 'GET /api/sources': () => ({ body: { items: [] } }) });
    expect(await api.get('/api/sources')).toEqual({ items: [] });
    expect(requests[0]?.credentials).toBe('same-origin');
    expect(requests[0]?.headers.has('X-CSRF-Token')).toBe(false);
    expect(requests[0]?.headers.has('Authorization')).toBe(false);
  });

  it.each(['post', 'put', 'patch', 'delete'] as const)('sends X-CSRF-Token on %s', async (method) => {
    const { api, requests } = client({ [`${method.toUpperCase()} /api/x`]: () => ({ status: 204 }) });
    if (method === 'delete') await api.delete('/api/x');
    else await api[method]('/api/x', { a: 1 });
    expect(requests[0]?.method).toBe(method.toUpperCase());
    expect(requests[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
  });

  it('omits the CSRF header when there is no session yet (sign-in)', async () => {
    const { api, requests } = client({ 'POST /api/auth/sign-in': () => ({ body: { ok: true } }) }, null);
    await api.post('/api/auth/sign-in', { email: 'a@b.co', password: 'x' });
    expect(requests[0]?.headers.has('X-CSRF-Token')).toBe(false);
    expect(requests[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(requests[0]?.body).toEqual({ email: 'a@b.co', password: 'x' });
  });

  it('adds per-request headers, e.g. the bootstrap bearer of setup', async () => {
    const { api, requests } = client({ 'POST /api/auth/setup': () => ({ status: 201, body: {} }) });
    await api.post('/api/auth/setup', {}, { headers: { Authorization: 'Bearer boot' } });
    expect(requests[0]?.headers.get('Authorization')).toBe('Bearer boot');
  });

  it('encodes the query, leaving out empty values', async () => {
    const { api, requests } = client({ 'GET /api/accounts': () => ({ body: {} }) });
    await api.get('/api/accounts', { query: { q: 'a&b', limit: 5, cursor: null, owner: '' } });
    expect(requests[0]?.url).toBe('/api/accounts?q=a%26b&limit=5');
  });

  it('resolves undefined for 204 No Content', async () => {
    const { api } = client({ 'DELETE /api/tokens/1': () => ({ status: 204 }) });
    await expect(api.delete('/api/tokens/1')).resolves.toBeUndefined();
  });

  it('turns the error envelope into an ApiError with code, status and requestId', async () => {
    const { api } = client({
      'PUT /api/settings/tiers': () => ({
        status: 400,
        body: { error: { ...errorBody('VALIDATION_FAILED').error, issues: [{ path: ['tiers'] }] } },
      }),
    });
    const err = await api.put('/api/settings/tiers', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      requestId: 'req-test-1',
      issues: [{ path: ['tiers'] }],
    });
  });

  it('takes the requestId from X-Request-Id when the body is not an envelope', async () => {
    const { api } = client({
      'GET /api/x': () => ({ status: 502, body: 'bad gateway', headers: { 'X-Request-Id': 'req-hdr' } }),
    });
    const err = (await api.get('/api/x').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('HTTP_502');
    expect(err.requestId).toBe('req-hdr');
  });

  it('reads Retry-After on 429', async () => {
    const { api } = client({
      'POST /api/auth/sign-in': () => ({
        status: 429,
        body: errorBody('TOO_MANY_ATTEMPTS'),
        headers: { 'Retry-After': '600' },
      }),
    });
    const err = (await api.post('/api/auth/sign-in', {}).catch((e: unknown) => e)) as ApiError;
    expect(err.retryAfterSeconds).toBe(600);
  });

  it('calls onUnauthorized with the error and path on 401, then rejects', async () => {
    const { api, onUnauthorized } = client({
      'GET /api/members': () => ({ status: 401, body: errorBody('UNAUTHORIZED') }),
    });
    await expect(api.get('/api/members')).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(onUnauthorized.mock.calls[0]?.[1]).toBe('/api/members');
    expect(onUnauthorized.mock.calls[0]?.[0]).toBeInstanceOf(ApiError);
  });

  it('does not call onUnauthorized for a 403', async () => {
    const { api, onUnauthorized } = client({
      'PUT /api/x': () => ({ status: 403, body: errorBody('FORBIDDEN') }),
    });
    await expect(api.put('/api/x', {})).rejects.toMatchObject({ status: 403 });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('reports an unreachable API as NETWORK_ERROR with status 0 and no requestId', async () => {
    const api = createApiClient({
      getCsrfToken: () => null,
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await expect(api.get('/api/x')).rejects.toMatchObject({
      status: 0,
      code: 'NETWORK_ERROR',
      requestId: null,
    });
  });
});
