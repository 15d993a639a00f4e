import { vi } from 'vitest';

/** One recorded request: what the client sent. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Headers;
  credentials: RequestCredentials | undefined;
  body: unknown;
}

type Reply = { status?: number; body?: unknown; headers?: Record<string, string> };
type Handler = (req: SentRequest) => Reply | Promise<Reply>;

/**
 * A fake `fetch` that routes `METHOD /path` (query ignored) to handlers and records every request.
 * An unrouted request answers 404 in the API's error envelope.
 * @example const server = fakeApi({ 'GET /api/auth/me': () => ({ status: 401, body: errorBody('UNAUTHORIZED') }) })
 */
export function fakeApi(routes: Record<string, Handler>) {
  const requests: SentRequest[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const method = (init.method ?? 'GET').toUpperCase();
    const req: SentRequest = {
      url,
      method,
      headers: new Headers(init.headers),
      credentials: init.credentials,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(req);
    const handler = routes[`${method} ${url.split('?')[0]}`];
    const reply = handler ? await handler(req) : { status: 404, body: errorBody('NOT_FOUND', 'no route') };
    const status = reply.status ?? 200;
    const text = reply.body === undefined ? null : JSON.stringify(reply.body);
    return new Response(status === 204 ? null : text, {
      status,
      headers: { 'Content-Type': 'application/json', ...reply.headers },
    });
  });
  return { fetch, requests };
}

/** The API's error envelope. */
export function errorBody(code: string, message = code.toLowerCase(), requestId = 'req-test-1') {
  return { error: { code, message, requestId } };
}
