import { env, exports } from 'cloudflare:workers';

export const ADMIN_TOKEN = 'test-admin-token';
const BASE = 'http://keepwell.test';

/** Calls the Worker's fetch handler in workerd, as a client would. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, init));
}

/** An admin API call with the bearer token and a JSON body. */
export function admin(
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<Response> {
  return call(path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      Authorization: `Bearer ${init.token ?? ADMIN_TOKEN}`,
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

export async function createSource(name = 'test'): Promise<{ id: string; writeKey: string }> {
  const res = await admin('/api/sources', { body: { name } });
  if (res.status !== 201) throw new Error(`create source: ${res.status} ${await res.text()}`);
  return res.json();
}

export const basic = (writeKey: string, colon = true) => `Basic ${btoa(colon ? `${writeKey}:` : writeKey)}`;

/** POSTs a JSON (or raw) body to an ingest path with the write key as Basic auth. */
export function ingest(
  path: string,
  writeKey: string | null,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return call(path, {
    method: 'POST',
    headers: { ...(writeKey ? { Authorization: basic(writeKey) } : {}), ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
}

export async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Polls until `check` returns a truthy value (the queue consumer runs asynchronously). */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`waitFor timed out${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function getAccount(externalId: string) {
  const res = await admin(`/api/accounts/${encodeURIComponent(externalId)}`);
  return res.status === 200 ? res.json<AccountBody>() : null;
}

export interface AccountBody {
  externalId: string;
  name: string;
  plan: string | null;
  seats: number | null;
  arrCents: number | null;
  traits: Record<string, unknown>;
  users: { total: number; activated: number };
  lastSeenAt: string | null;
  usage: { feature: string; module: string | null; events: number; users: number; activeMinutes: number }[];
}

/** Reads a table directly to assert rollups exactly. */
export async function rows<T>(query: string, ...params: unknown[]): Promise<T[]> {
  const result = await env.DB.prepare(query)
    .bind(...params)
    .all<T>();
  return result.results;
}

let counter = 0;
/** A unique id per call so test files sharing storage never collide. */
export const uid = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
