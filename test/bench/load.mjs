#!/usr/bin/env node
// `npm run bench:load`: a sustained mixed load on a real `wrangler dev` (the production Worker), then an
// exactly-once check.
//
// Setup through the APIs, as a customer would: BENCH_SOURCES sources (write keys), group calls linking every
// user to its account, an NPS survey and personal links for contacts of those accounts. Then, for
// BENCH_SECONDS, concurrent workers send at once:
//   - ingest: POST /v1/batch batches of track events with unique messageIds, round-robin over the write keys
//     (the ingest rate limit is per source, 20,000 requests per 10 s: several keys spread it anyway);
//   - admin reads: GET /api/dashboard and GET /api/accounts?sort=-score (admin bearer token);
//   - survey answers through the public survey endpoint: GET then POST /api/public/surveys/:token, one
//     answer per link. Every request comes from 127.0.0.1, so the per-IP survey limit (120 requests per
//     60 s, SURVEY_IP_RATE_LIMITER) binds: the survey worker paces itself to BENCH_SURVEY_PER_MINUTE
//     requests (default 100) in any 60 s window and spreads answers over links (2 requests per link, far
//     under the 30 per link and address).
// Then it drains: polls GET /api/ingest/stats until every accepted event is stored (and rolled up), waits
// 3 s for late duplicates, and checks events sent == counted, answers sent == stored
// (GET /api/surveys/:id stats.responses), no 5xx and no other non-2xx. Prints req/s and p50/p95/p99 per
// route and a final JSON line; exits 1 when the check fails.
//
// Env: BENCH_SECONDS (30), BENCH_SOURCES (6), BENCH_INGEST_WORKERS (4), BENCH_ADMIN_WORKERS (2),
// BENCH_BATCH_SIZE (20), BENCH_ACCOUNTS (100), BENCH_SURVEY_PER_MINUTE (100), BENCH_DRAIN_TIMEOUT_SECONDS (180);
// BENCH_SMOKE=1 makes it short and small (8 s, 3 sources, 2 + 1 workers, 30 accounts).
// Traffic goes to 127.0.0.1 only; every loop is bounded in time.
import { randomUUID } from 'node:crypto';
import { sleep, startDevServer, waitFor } from '../support/dev-server.mjs';

const SMOKE = process.env.BENCH_SMOKE === '1';

/** @param {string} name @param {number} fallback @param {number} smoke */
function envInt(name, fallback, smoke = fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return SMOKE ? smoke : fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return value;
}

const SECONDS = envInt('BENCH_SECONDS', 30, 8);
const SOURCES = envInt('BENCH_SOURCES', 6, 3);
const INGEST_WORKERS = envInt('BENCH_INGEST_WORKERS', 4, 2);
const ADMIN_WORKERS = envInt('BENCH_ADMIN_WORKERS', 2, 1);
const BATCH_SIZE = envInt('BENCH_BATCH_SIZE', 20);
const ACCOUNTS = envInt('BENCH_ACCOUNTS', 100, 30);
const USERS_PER_ACCOUNT = 3;
const SURVEY_PER_MINUTE = envInt('BENCH_SURVEY_PER_MINUTE', 100);
const DRAIN_TIMEOUT_SECONDS = envInt('BENCH_DRAIN_TIMEOUT_SECONDS', 180);
/** Links: enough for one answer per 2 paced requests over the whole run, plus slack. */
const LINKS = Math.ceil((SURVEY_PER_MINUTE / 2) * (SECONDS / 60 + 1)) + 10;

const runId = randomUUID().slice(0, 8);
let messageSeq = 0;
const accountId = (/** @type {number} */ a) => `load-${String(a).padStart(4, '0')}`;
const userId = (/** @type {number} */ a, /** @type {number} */ u) => `${accountId(a)}-u${u}`;
const pick = (/** @type {number} */ n) => Math.floor(Math.random() * n);
const FEATURES = ['Report Run', 'Dashboard Viewed', 'Invite Sent', 'Sync Run', 'Record Created'];
const log = (/** @type {string} */ line) => console.log(line);
const fmt = (/** @type {number} */ n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';

/** @param {number[]} sorted ascending @param {number} p */
function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/** Latencies and statuses by route. @type {Map<string, { ms: number[], statuses: Map<number, number> }>} */
const routes = new Map();
/** @type {string[]} */
const failureSamples = [];

/**
 * One timed request; records its latency and status under `route`.
 * @param {string} route
 * @param {string} url
 * @param {RequestInit} init
 */
async function timed(route, url, init) {
  const t = performance.now();
  let status = 0;
  let text = '';
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    status = res.status;
    text = await res.text();
  } catch (err) {
    text = err instanceof Error ? err.message : String(err);
  }
  const ms = performance.now() - t;
  let r = routes.get(route);
  if (!r) {
    r = { ms: [], statuses: new Map() };
    routes.set(route, r);
  }
  r.ms.push(ms);
  r.statuses.set(status, (r.statuses.get(status) ?? 0) + 1);
  if ((status < 200 || status >= 300) && failureSamples.length < 5)
    failureSamples.push(`${route} → ${status}: ${text.slice(0, 200)}`);
  return { status, text };
}

function trackBatch() {
  const batch = [];
  for (let i = 0; i < BATCH_SIZE; i++) {
    const a = pick(ACCOUNTS);
    batch.push({
      type: 'track',
      messageId: `${runId}-${++messageSeq}`,
      userId: userId(a, pick(USERS_PER_ACCOUNT)),
      event: FEATURES[pick(FEATURES.length)],
      properties: { durationMs: 1_000 + pick(60_000), path: `/app/${pick(100)}` },
      timestamp: new Date().toISOString(),
    });
  }
  return JSON.stringify({ batch, sentAt: new Date().toISOString() });
}

/** @param {import('../support/dev-server.mjs').DevServer} server @param {string} what @param {Response} res */
async function ok(server, what, res) {
  const text = await res.text();
  if (!res.ok)
    throw new Error(`${what} → ${res.status}: ${text.slice(0, 300)}\n${server.output().slice(-2000)}`);
  return JSON.parse(text);
}

/** @param {import('../support/dev-server.mjs').DevServer} server */
async function setup(server) {
  /** @type {string[]} */
  const authHeaders = [];
  for (let i = 0; i < SOURCES; i++) {
    const source = await ok(
      server,
      'POST /api/sources',
      await server.admin('/api/sources', { method: 'POST', body: JSON.stringify({ name: `load-${i}` }) }),
    );
    authHeaders.push(`Basic ${Buffer.from(`${source.writeKey}:`).toString('base64')}`);
  }
  // Group calls, spread over the sources: every user linked to its account before any track.
  const groups = [];
  for (let a = 0; a < ACCOUNTS; a++)
    for (let u = 0; u < USERS_PER_ACCOUNT; u++)
      groups.push({
        type: 'group',
        messageId: `${runId}-g${a}-${u}`,
        userId: userId(a, u),
        groupId: accountId(a),
        traits: { name: `Load ${a}`, plan: a % 2 ? 'pro' : 'starter', seats: 10 + (a % 20) },
        timestamp: new Date().toISOString(),
      });
  for (let i = 0; i < groups.length; i += 50) {
    const res = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: { Authorization: authHeaders[(i / 50) % SOURCES] ?? '', 'Content-Type': 'application/json' },
      body: JSON.stringify({ batch: groups.slice(i, i + 50) }),
    });
    await ok(server, 'setup /v1/batch', res);
  }
  const stats = async () => ok(server, 'GET /api/ingest/stats', await server.admin('/api/ingest/stats'));
  await waitFor(
    async () => {
      const s = await stats();
      return s.rawEvents === groups.length && s.accounts === ACCOUNTS;
    },
    { timeoutMs: 90_000, intervalMs: 500, message: 'setup group calls were not all stored' },
  );
  const survey = await ok(
    server,
    'POST /api/surveys',
    await server.admin('/api/surveys', {
      method: 'POST',
      body: JSON.stringify({ type: 'nps', name: 'Load NPS', quietPeriodDays: 0 }),
    }),
  );
  const contacts = Array.from({ length: LINKS }, (_, i) => ({
    email: `person-${i}@load.test`,
    accountExternalId: accountId(i % ACCOUNTS),
  }));
  const created = await ok(
    server,
    'POST /api/surveys/:id/links',
    await server.admin(`/api/surveys/${survey.id}/links`, {
      method: 'POST',
      body: JSON.stringify({ contacts }),
    }),
  );
  /** @type {string[]} */
  const tokens = created.links.map((/** @type {{ url: string }} */ l) =>
    l.url.slice(l.url.lastIndexOf('/') + 1),
  );
  if (tokens.length !== LINKS)
    throw new Error(`expected ${LINKS} links, got ${tokens.length}: ${JSON.stringify(created.skipped)}`);
  return { authHeaders, surveyId: survey.id, tokens, setupEvents: groups.length, stats };
}

/**
 * Runs the mixed load until `endAt`; returns the events and answers the server accepted.
 * @param {import('../support/dev-server.mjs').DevServer} server
 * @param {Awaited<ReturnType<typeof setup>>} ctx
 * @param {number} endAt performance.now() deadline
 */
async function load(server, ctx, endAt) {
  const totals = { sent: 0, answersSent: 0 };
  let keyIndex = 0;
  const ingestWorker = async () => {
    while (performance.now() < endAt) {
      const auth = ctx.authHeaders[keyIndex++ % ctx.authHeaders.length] ?? '';
      const r = await timed('POST /v1/batch', `${server.url}/v1/batch`, {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: trackBatch(),
      });
      if (r.status === 200) totals.sent += BATCH_SIZE;
    }
  };
  const admin = { Authorization: `Bearer ${server.adminToken}` };
  let adminTurn = 0;
  const adminWorker = async () => {
    while (performance.now() < endAt) {
      if (adminTurn++ % 2 === 0)
        await timed('GET /api/dashboard', `${server.url}/api/dashboard`, { headers: admin });
      else
        await timed('GET /api/accounts?sort=-score', `${server.url}/api/accounts?sort=-score`, {
          headers: admin,
        });
    }
  };
  // Paced: at most SURVEY_PER_MINUTE requests in any 60 s (evenly spaced), one link per answer.
  const surveyWorker = async () => {
    const gapMs = 60_000 / SURVEY_PER_MINUTE;
    let next = performance.now();
    let link = 0;
    const pace = async () => {
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
      next = Math.max(next, performance.now() - gapMs) + gapMs;
    };
    while (performance.now() < endAt && link < ctx.tokens.length) {
      const token = ctx.tokens[link++] ?? '';
      const url = `${server.url}/api/public/surveys/${token}`;
      await pace();
      if (performance.now() >= endAt) break;
      await timed('GET /api/public/surveys/:token', url, { headers: { 'Accept-Language': 'en' } });
      await pace();
      const r = await timed('POST /api/public/surveys/:token', url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ score: link % 11, comment: `load ${link}`, locale: 'en' }),
      });
      if (r.status === 201) totals.answersSent++;
    }
  };
  await Promise.all([
    ...Array.from({ length: INGEST_WORKERS }, ingestWorker),
    ...Array.from({ length: ADMIN_WORKERS }, adminWorker),
    surveyWorker(),
  ]);
  return totals;
}

/**
 * Polls until `expected` events past `base` are stored and rolled up; gives up after the drain timeout or
 * 30 s without progress.
 * @param {() => Promise<any>} stats
 * @param {{ rawEvents: number, rolledUpEvents: number }} base
 * @param {number} expected
 */
async function drain(stats, base, expected) {
  const deadline = performance.now() + DRAIN_TIMEOUT_SECONDS * 1000;
  let last = await stats();
  let lastChangeAt = performance.now();
  for (;;) {
    if (last.rawEvents - base.rawEvents >= expected && last.rolledUpEvents - base.rolledUpEvents >= expected)
      return true;
    if (performance.now() > deadline || performance.now() - lastChangeAt > 30_000) return false;
    await sleep(500);
    const s = await stats();
    if (s.rawEvents !== last.rawEvents || s.rolledUpEvents !== last.rolledUpEvents)
      lastChangeAt = performance.now();
    last = s;
  }
}

async function main() {
  log(
    `bench:load — ${SECONDS}s mixed load: ${INGEST_WORKERS} ingest workers (${BATCH_SIZE} events/batch, ${SOURCES} write keys), ` +
      `${ADMIN_WORKERS} admin readers, 1 survey respondent paced to ${SURVEY_PER_MINUTE} req/min; ${ACCOUNTS} accounts${SMOKE ? ' (smoke)' : ''}`,
  );
  const t0 = performance.now();
  const server = await startDevServer({ startTimeoutMs: 120_000 });
  const stopOnSignal = (/** @type {NodeJS.Signals} */ signal) => {
    log(`\n${signal}: stopping the dev server`);
    server.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    log(`dev server up at ${server.url} in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    const ctx = await setup(server);
    log(
      `setup: ${SOURCES} sources, ${ctx.setupEvents} group calls stored, survey ${ctx.surveyId} with ${ctx.tokens.length} links`,
    );
    const base = await ctx.stats();
    const started = performance.now();
    const totals = await load(server, ctx, started + SECONDS * 1000);
    const seconds = (performance.now() - started) / 1000;
    log(
      `load done in ${fmt(seconds, 1)} s; draining ${fmt(totals.sent)} accepted events (timeout ${DRAIN_TIMEOUT_SECONDS}s)`,
    );
    const drainStart = performance.now();
    const drained = await drain(ctx.stats, base, totals.sent);
    const drainSeconds = (performance.now() - drainStart) / 1000;
    await sleep(3_000);
    const final = await ctx.stats();
    const counted = final.rawEvents - base.rawEvents;
    const rolledUp = final.rolledUpEvents - base.rolledUpEvents;
    const survey = await ok(
      server,
      'GET /api/surveys/:id',
      await server.admin(`/api/surveys/${ctx.surveyId}`),
    );
    const answersStored = survey.stats.responses;

    let requests = 0;
    let errors5xx = 0;
    let otherNon2xx = 0;
    /** @type {Record<string, { requests: number, perSec: number, p50: number, p95: number, p99: number, statuses: Record<string, number> }>} */
    const byRoute = {};
    log('');
    log('================================== load benchmark ==================================');
    log(
      `${'route'.padEnd(34)} ${'requests'.padStart(8)} ${'req/s'.padStart(7)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)}  statuses`,
    );
    for (const [name, r] of routes) {
      const sorted = [...r.ms].sort((a, b) => a - b);
      const statuses = Object.fromEntries([...r.statuses].map(([k, v]) => [String(k), v]));
      for (const [status, n] of r.statuses) {
        requests += n;
        if (status >= 500 || status === 0) errors5xx += n;
        else if (status < 200 || status >= 300) otherNon2xx += n;
      }
      const entry = {
        requests: r.ms.length,
        perSec: Math.round((r.ms.length / seconds) * 10) / 10,
        p50: Math.round(percentile(sorted, 50) * 10) / 10,
        p95: Math.round(percentile(sorted, 95) * 10) / 10,
        p99: Math.round(percentile(sorted, 99) * 10) / 10,
        statuses,
      };
      byRoute[name] = entry;
      log(
        `${name.padEnd(34)} ${fmt(entry.requests).padStart(8)} ${fmt(entry.perSec, 1).padStart(7)} ${`${fmt(entry.p50, 1)} ms`.padStart(8)} ` +
          `${`${fmt(entry.p95, 1)} ms`.padStart(8)} ${`${fmt(entry.p99, 1)} ms`.padStart(8)}  ${JSON.stringify(statuses)}`,
      );
    }
    log(
      `total                              ${fmt(requests).padStart(8)} ${fmt(requests / seconds, 1).padStart(7)}  (${fmt(totals.sent / seconds)} events/s accepted)`,
    );
    log(
      `drain          ${drained ? 'complete' : 'INCOMPLETE'} ${fmt(drainSeconds, 1)} s after the load stopped`,
    );
    for (const sample of failureSamples) log(`  e.g. ${sample}`);
    const checks = [
      [
        counted === totals.sent && rolledUp === totals.sent && final.failures === 0,
        `events sent == counted: ${fmt(totals.sent)} sent, ${fmt(counted)} raw, ${fmt(rolledUp)} rolled up, ${final.failures} ingest failures`,
      ],
      [
        answersStored === totals.answersSent && totals.answersSent > 0,
        `survey answers sent == stored: ${totals.answersSent} sent, ${answersStored} stored`,
      ],
      [errors5xx === 0, `no 5xx (or network errors): ${errors5xx}`],
      [otherNon2xx === 0, `no other non-2xx (429s included): ${otherNon2xx}`],
    ];
    for (const [pass, text] of checks) log(`  ${pass ? 'PASS' : 'FAIL'}  ${text}`);
    log('====================================================================================');
    // Admin reads against ingest on the same thread under the same load: a ratio comparable between machines
    // (`npm run bench:smoke` gates it), where the milliseconds are not.
    const p95Of = (/** @type {string[]} */ names) =>
      percentile(
        names.flatMap((n) => routes.get(n)?.ms ?? []).sort((a, b) => a - b),
        95,
      );
    const adminToIngestP95 =
      Math.round(
        (p95Of(['GET /api/dashboard', 'GET /api/accounts?sort=-score']) / p95Of(['POST /v1/batch'])) * 100,
      ) / 100;
    log(`admin reads p95 ÷ POST /v1/batch p95: ${fmt(adminToIngestP95, 2)}`);
    const result = {
      seconds: Math.round(seconds * 10) / 10,
      requests,
      errors5xx,
      sent: totals.sent,
      counted,
      adminToIngestP95: Number.isFinite(adminToIngestP95) ? adminToIngestP95 : null,
      answersSent: totals.answersSent,
      answersStored,
      routes: byRoute,
    };
    console.log(JSON.stringify(result));
    return checks.every(([pass]) => pass);
  } finally {
    await server.stop();
  }
}

main().then(
  (pass) => process.exit(pass ? 0 : 1),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
