import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import type { ScoringRun } from '../../shared/contracts/scoring';
import { addDays, utcDay } from '../../shared/time';
import type { latestHealth } from '../../worker/accounts/health-store';
import worker from '../../worker/index';
import { assertContract } from './contract';

export const ADMIN_TOKEN = 'test-admin-token';
const BASE = 'http://keepwell.test';

/**
 * Calls the Worker's fetch handler in workerd, as a client would, and checks the response against the
 * contract its route declares (contract.ts): every integration test also proves the OpenAPI document right.
 */
export async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const request = new Request(`${BASE}${path}`, init);
  const response = await exports.default.fetch(request);
  await assertContract(request, response.clone());
  return response;
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

// ---------------------------------------------------------------------------------------------------
// Health scoring helpers

export const DAY_MS = 86_400_000;

/** The account-day rollup of an account, or undefined when it has none. */
export async function accountDay(externalId: string, day: string) {
  return (
    await rows<{ events: number; active_users: number; active_ms: number; features_used: number }>(
      `SELECT d.events, d.active_users, d.active_ms, d.features_used FROM account_days d
       JOIN accounts a ON a.id = d.account_id WHERE a.external_id = ? AND d.day = ?`,
      externalId,
      day,
    )
  )[0];
}
/** Yesterday (UTC): the last complete day, which a run started now measures up to. */
export const yesterday = () => utcDay(Date.now() - DAY_MS);
/** The scoring period of a run started now: today (UTC). */
export const today = () => utcDay(Date.now());

/** The API's own response types: tests read what the worker declares, not a copy of it. */
export type ScoringRunBody = ScoringRun;
export type HealthBody = NonNullable<Awaited<ReturnType<typeof latestHealth>>>;

/** Polls a scoring run until it is no longer running. */
export async function waitForRun(runId: string, timeoutMs = 25_000): Promise<ScoringRunBody> {
  return waitFor(async () => {
    const res = await admin(`/api/scoring/runs/${runId}`);
    if (res.status !== 200) throw new Error(`GET run: ${res.status} ${await res.text()}`);
    const run = await res.json<ScoringRunBody>();
    return run.status === 'running' ? null : run;
  }, timeoutMs);
}

/** `POST /api/scoring/run` (scores every account) and waits until the run has finished. */
export async function runScoring(): Promise<ScoringRunBody> {
  const res = await admin('/api/scoring/run', { method: 'POST' });
  if (res.status !== 202) throw new Error(`scoring run: ${res.status} ${await res.text()}`);
  const { runId } = await res.json<{ runId: string }>();
  return waitForRun(runId);
}

/** The `health` object of `GET /api/accounts/:externalId` (null before the first scoring). */
export async function getHealth(externalId: string): Promise<HealthBody | null> {
  const res = await admin(`/api/accounts/${encodeURIComponent(externalId)}`);
  if (res.status !== 200) throw new Error(`GET account: ${res.status} ${await res.text()}`);
  return (await res.json<{ health: HealthBody | null }>()).health;
}

/** Measure `key` of a health object, or a thrown error naming the keys present. */
export function measureOf(health: HealthBody | null, key: string) {
  const m = health?.measures.find((x) => x.key === key);
  if (!m) throw new Error(`no measure '${key}' in ${JSON.stringify(health?.measures.map((x) => x.key))}`);
  return m;
}

export interface SeedAccountOptions {
  externalId?: string;
  plan?: string | null;
  seats?: number | null;
  arrCents?: number | null;
  renewalDate?: string | null;
  traits?: Record<string, unknown>;
  /** Epoch ms of the last event; defaults to noon yesterday when any user was active, else null. */
  lastSeenAt?: number | null;
  /** One entry per user: active milliseconds on `day` (yesterday by default), or null for a user never active. */
  users?: (number | null)[];
  day?: string;
}

/**
 * Inserts an account with users and daily rollups straight into D1, for exact scoring scenarios
 * (no feature rows: the account uses no catalog feature).
 */
export async function seedAccount(
  opts: SeedAccountOptions = {},
): Promise<{ id: number; externalId: string }> {
  const externalId = opts.externalId ?? uid('acct');
  const day = opts.day ?? yesterday();
  const noon = Date.parse(`${day}T12:00:00Z`);
  const users = opts.users ?? [];
  const active = users.filter((ms): ms is number => ms !== null);
  const lastSeenAt = opts.lastSeenAt !== undefined ? opts.lastSeenAt : active.length > 0 ? noon : null;
  const account = await env.DB.prepare(
    `INSERT INTO accounts (external_id, name, plan, seats, arr_cents, renewal_date, traits, created_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  )
    .bind(
      externalId,
      `Account ${externalId}`,
      opts.plan ?? null,
      opts.seats ?? null,
      opts.arrCents ?? null,
      opts.renewalDate ?? null,
      JSON.stringify(opts.traits ?? {}),
      Date.now(),
      lastSeenAt,
    )
    .first<{ id: number }>();
  const id = account!.id;
  const statements: D1PreparedStatement[] = [];
  users.forEach((activeMs, i) => {
    statements.push(
      env.DB.prepare(
        `INSERT INTO users (external_id, account_id, linked_at, traits, created_at, activated_at, last_seen_at)
         VALUES (?, ?, ?, '{}', ?, ?, ?)`,
      ).bind(
        `${externalId}-u${i}`,
        id,
        noon,
        noon,
        activeMs === null ? null : noon,
        activeMs === null ? null : noon,
      ),
    );
    if (activeMs !== null) {
      statements.push(
        env.DB.prepare(
          `INSERT INTO user_days (account_id, day, user_id, events, active_ms)
           SELECT ?, ?, id, 1, ? FROM users WHERE external_id = ?`,
        ).bind(id, day, activeMs, `${externalId}-u${i}`),
      );
    }
  });
  if (active.length > 0) {
    statements.push(
      env.DB.prepare(
        'INSERT INTO account_days (account_id, day, events, active_users, active_ms, features_used) VALUES (?, ?, ?, ?, ?, 0)',
      ).bind(
        id,
        day,
        active.length,
        active.length,
        active.reduce((a, b) => a + b, 0),
      ),
    );
  }
  if (statements.length > 0) await env.DB.batch(statements);
  return { id, externalId };
}

/** Writes a snapshot for an earlier period directly (e.g. yesterday's, to provoke a tier transition). */
export async function seedSnapshot(
  accountId: number,
  period: string,
  snap: { score: number | null; tier: string | null; segmentId?: string; modelVersionId?: number },
) {
  await env.DB.prepare(
    `INSERT INTO score_snapshots (account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score,
       computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at)
     VALUES (?, ?, 'seeded', ?, ?, ?, ?, ?, ?, 0, 1, 0, '[]', '[]', '[]', ?)`,
  )
    .bind(
      accountId,
      period,
      snap.segmentId ?? 'default',
      snap.modelVersionId ?? 0,
      snap.score,
      snap.tier,
      snap.score,
      snap.tier,
      Date.parse(`${period}T02:00:00Z`),
    )
    .run();
}

/** A model whose score is exactly seat activation × 100 (activated users ÷ seats), default tiers. */
export const SEAT_MODEL = {
  measures: [
    {
      key: 'seatShare',
      kind: 'seatActivationRate',
      weight: 100,
      normalisation: { kind: 'linear', min: 0, max: 1 },
    },
  ],
};

/**
 * One measure per kind of input a run reads as of a day: seat activation (score = activated ÷ seats × 100
 * when alone), active days of the last week, the CSM rating and NPS.
 */
export const INPUTS_MODEL = {
  measures: [
    {
      key: 'seatShare',
      kind: 'seatActivationRate',
      weight: 40,
      normalisation: { kind: 'linear', min: 0, max: 1 },
    },
    {
      key: 'activeDays',
      kind: 'activeDays',
      windowDays: 7,
      weight: 30,
      normalisation: { kind: 'linear', min: 0, max: 7 },
    },
    { key: 'rating', kind: 'csmRating', weight: 15, normalisation: { kind: 'linear', min: 1, max: 5 } },
    {
      key: 'nps',
      kind: 'nps',
      windowDays: 90,
      weight: 15,
      normalisation: { kind: 'linear', min: -100, max: 100 },
    },
  ],
};

/** Creates and publishes a model; returns its id. */
export async function publishModel(config: unknown, id = uid('model')): Promise<string> {
  const created = await admin('/api/models', { body: { id, name: `Model ${id}`, config } });
  if (created.status !== 201) throw new Error(`create model: ${created.status} ${await created.text()}`);
  const published = await admin(`/api/models/${id}/publish`, { method: 'POST' });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${await published.text()}`);
  return id;
}

export interface SegmentBody {
  id: string;
  name: string;
  order: number;
  match: 'all' | 'any';
  conditions: { field: string; op: string; value?: unknown }[];
  modelId: string;
  isDefault: boolean;
}

export async function listSegments(): Promise<SegmentBody[]> {
  return (await (await admin('/api/segments')).json<{ items: SegmentBody[] }>()).items;
}

/** Creates a segment after every existing one (next free order). */
export async function createSegment(segment: {
  id?: string;
  conditions: SegmentBody['conditions'];
  modelId: string;
  match?: 'all' | 'any';
}): Promise<SegmentBody> {
  const order = Math.max(0, ...(await listSegments()).filter((s) => !s.isDefault).map((s) => s.order)) + 1;
  const id = segment.id ?? uid('seg');
  const res = await admin('/api/segments', { body: { name: `Segment ${id}`, order, ...segment, id } });
  if (res.status !== 201) throw new Error(`create segment: ${res.status} ${await res.text()}`);
  return res.json<SegmentBody>();
}

/** A segment of accounts with plan `plan`, scored with a freshly published model (SEAT_MODEL by default). */
export async function planSegment(plan: string, config: unknown = SEAT_MODEL) {
  const modelId = await publishModel(config);
  const segment = await createSegment({ conditions: [{ field: 'plan', op: 'eq', value: plan }], modelId });
  return { modelId, segmentId: segment.id };
}

/**
 * Delivers messages straight to the Worker's queue handler and returns what it acked and retried.
 * `retryDelays` maps a retried message id to the `delaySeconds` it asked for (the plugin's
 * `getQueueResult` does not report retry options).
 */
export async function deliverQueue(
  queue: string,
  messages: { id: string; body: unknown; attempts?: number }[],
) {
  const batch = createMessageBatch(
    queue,
    messages.map((m) => ({ id: m.id, timestamp: new Date(), attempts: m.attempts ?? 1, body: m.body })),
  );
  const retryDelays: Record<string, number | undefined> = {};
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options?: QueueRetryOptions) => {
      retryDelays[message.id] = options?.delaySeconds;
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await (worker as ExportedHandler<Cloudflare.Env>).queue!(batch, env, ctx);
  return { ...(await getQueueResult(batch, ctx)), retryDelays };
}

/** A `score` queue message for a run row inserted here, as the fan-out would send it (period = UTC day of `now`). */
export async function scoringRunRow(opts: { now: number; total: number; runId?: string }) {
  const runId = opts.runId ?? crypto.randomUUID();
  const period = utcDay(opts.now);
  await env.DB.prepare(
    `INSERT INTO scoring_runs (id, period, trigger, status, total, started_at) VALUES (?, ?, 'manual', 'running', ?, ?)`,
  )
    .bind(runId, period, opts.total, opts.now)
    .run();
  const message = (accountIds: number[]) => ({
    kind: 'score' as const,
    runId,
    period,
    asOfDay: addDays(period, -1),
    now: opts.now,
    accountIds,
  });
  return { runId, period, message };
}

// ---------------------------------------------------------------------------------------------------
// Auth helpers: members, sessions and API tokens

export type TestRole = 'admin' | 'csm' | 'viewer';

/** A member inserted straight into D1 (password hashed as the worker does), with its clear password. */
export async function createMember(
  opts: { role?: TestRole; email?: string; password?: string; active?: boolean; name?: string } = {},
): Promise<{ id: number; email: string; password: string; role: TestRole }> {
  const { hashPassword } = await import('../../worker/auth/password');
  const role = opts.role ?? 'viewer';
  const email = (opts.email ?? `${uid(role)}@example.com`).toLowerCase();
  const password = opts.password ?? 'correct horse battery';
  const now = Date.now();
  const row = await env.DB.prepare(
    `INSERT INTO members (email, name, role, password_hash, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  )
    .bind(
      email,
      opts.name ?? email,
      role,
      await hashPassword(password),
      opts.active === false ? 0 : 1,
      now,
      now,
    )
    .first<{ id: number }>();
  return { id: row!.id, email, password, role };
}

/** A signed-in browser: the `kw_session` cookie value and the session's CSRF token. */
export interface TestSession {
  cookie: string;
  csrfToken: string;
  member: { id: number; email: string; name: string | null; role: TestRole };
}

/** The value of cookie `name` in a response's Set-Cookie headers (undefined when not set). */
export function setCookieValue(res: Response, name = 'kw_session'): string | undefined {
  for (const header of res.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const eq = pair!.indexOf('=');
    if (pair!.slice(0, eq).trim() === name) return pair!.slice(eq + 1);
  }
  return undefined;
}

/** `POST /api/auth/sign-in`; throws unless it succeeds. */
export async function signIn(email: string, password: string): Promise<TestSession> {
  const res = await call('/api/auth/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  const body = await res.json<Omit<TestSession, 'cookie'>>();
  return { ...body, cookie: setCookieValue(res)! };
}

/** A call as a signed-in browser: the session cookie, the CSRF token (unless `csrf: null`), a JSON body. */
export function asSession(
  session: Pick<TestSession, 'cookie' | 'csrfToken'>,
  path: string,
  init: { method?: string; body?: unknown; csrf?: string | null } = {},
): Promise<Response> {
  const csrf = init.csrf === undefined ? session.csrfToken : init.csrf;
  return call(path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      Cookie: `kw_session=${session.cookie}`,
      ...(csrf === null ? {} : { 'X-CSRF-Token': csrf }),
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** `POST /api/tokens` with the admin token; returns the `kw_at_…` secret and its id. */
export async function createApiToken(
  role: TestRole,
  opts: { name?: string; expiresInDays?: number } = {},
): Promise<{ id: number; token: string }> {
  const res = await admin('/api/tokens', {
    body: { name: opts.name ?? uid(`${role}-token`), role, ...opts },
  });
  if (res.status !== 201) throw new Error(`create token: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The error code of an error envelope. */
export async function errorCode(res: Response): Promise<string> {
  return (await res.json<{ error: { code: string } }>()).error.code;
}

// ---------------------------------------------------------------------------------------------------
// Portfolio helpers: accounts made through the ingest API

export interface IngestedAccount {
  externalId: string;
  /** Group traits (name, seats, plan, csm, arr, renewalDate, contractStart, status, …). */
  traits: Record<string, unknown>;
  /** Users active yesterday (one tracked event each); each becomes an activated user. */
  activeUsers: number;
  /** Event name of their activity (default `Portfolio Use`). */
  event?: string;
}

/**
 * Sends `group` calls and each account's activity through `/v1/batch` of a fresh source, then waits until
 * the queue consumer has linked and activated every account's users.
 */
export async function ingestAccounts(accounts: IngestedAccount[]): Promise<void> {
  const { writeKey } = await createSource();
  const ts = new Date(Date.now() - DAY_MS).toISOString();
  const batch = accounts.flatMap((a) => [
    { type: 'group', userId: `${a.externalId}-owner`, groupId: a.externalId, traits: a.traits },
    ...Array.from({ length: a.activeUsers }, (_, i) => ({
      type: 'track',
      userId: `${a.externalId}-u${i}`,
      event: a.event ?? 'Portfolio Use',
      timestamp: ts,
      context: { groupId: a.externalId },
      properties: { durationMs: 60_000 },
    })),
  ]);
  for (let i = 0; i < batch.length; i += 100) {
    const chunk = batch.slice(i, i + 100).map((m) => ({ ...m, messageId: uid('m') }));
    const res = await ingest('/v1/batch', writeKey, { batch: chunk });
    if (res.status !== 200) throw new Error(`ingest: ${res.status} ${await res.text()}`);
  }
  await waitFor(async () => {
    const counts = await rows<{ external_id: string; activated: number }>(
      `SELECT a.external_id, count(u.activated_at) AS activated FROM accounts a LEFT JOIN users u ON u.account_id = a.id
       WHERE a.external_id IN (SELECT value FROM json_each(?)) GROUP BY a.id`,
      JSON.stringify(accounts.map((a) => a.externalId)),
    );
    const activated = new Map(counts.map((c) => [c.external_id, c.activated]));
    return accounts.every((a) => activated.get(a.externalId) === a.activeUsers);
  }, 30_000);
}

const keysOf = (config: string | null | undefined, field: 'dimensions' | 'measures'): string[] =>
  ((config ? (JSON.parse(config) as Record<string, { key: string }[]>)[field] : undefined) ?? []).map(
    (x) => x.key,
  );

/**
 * Each measure's [raw value, benchmark] in a snapshot's `measures` JSON, by key: a full row (an account's
 * latest) lists its measures; a compact one (history, worker/scoring/compaction-store.ts) holds `[[raw, …]]`
 * in the order of its model version's `config` (pass it) with the benchmarks stored for its run, segment and
 * version (`snapshot_benchmarks.benchmarks`, pass it) or its own (`[[raw, …], [benchmark, …]]`), or,
 * compacted keyed, maps key → [raw, benchmark].
 */
export function snapshotMeasures(
  measuresJson: string,
  config?: string | null,
  storedBenchmarks?: string | null,
): Record<string, [number | null, number | null]> {
  const measures = JSON.parse(measuresJson) as unknown;
  if (!Array.isArray(measures)) return measures as Record<string, [number | null, number | null]>;
  if (Array.isArray(measures[0])) {
    const [raws, inline] = measures as [(number | null)[], (number | null)[] | undefined];
    const benchmarks =
      inline ?? (storedBenchmarks ? (JSON.parse(storedBenchmarks) as (number | null)[]) : []);
    return Object.fromEntries(
      keysOf(config, 'measures').map((k, i) => [k, [raws[i] ?? null, benchmarks[i] ?? null]]),
    );
  }
  return Object.fromEntries(
    (measures as { key: string; raw: number | null; benchmark: number | null }[]).map((m) => [
      m.key,
      [m.raw, m.benchmark],
    ]),
  );
}

/** Each dimension's score in a snapshot's `dimensions` JSON, by key (see {@link snapshotMeasures}). */
export function snapshotDimensions(
  dimensionsJson: string,
  config?: string | null,
): Record<string, number | null> {
  const dims = JSON.parse(dimensionsJson) as unknown;
  if (!Array.isArray(dims)) return dims as Record<string, number | null>;
  if (dims.length > 0 && (typeof dims[0] !== 'object' || dims[0] === null))
    return Object.fromEntries(
      keysOf(config, 'dimensions').map((k, i) => [k, (dims[i] as number | null) ?? null]),
    );
  return Object.fromEntries((dims as { key: string; score: number | null }[]).map((d) => [d.key, d.score]));
}

/** Each measure's raw value in a snapshot's `measures` JSON (see {@link snapshotMeasures}). */
export function measureRawValues(
  measuresJson: string,
  config?: string | null,
): Record<string, number | null> {
  return Object.fromEntries(
    Object.entries(snapshotMeasures(measuresJson, config)).map(([key, [raw]]) => [key, raw]),
  );
}
