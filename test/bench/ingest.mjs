// Ingest benchmark: `npm run bench:ingest`.
//
// Starts a real `wrangler dev` serving the bench entry (worker/bench/index.ts: the production Worker plus
// the bench-only routes), then measures side by side, in alternating rounds, the request rate of
//   - POST /v1/noop  (reads and parses the same body, does nothing else: the baseline), and
//   - POST /v1/batch (auth, rate limit, validation, normalization, enqueue),
// with the same 50-message bodies, concurrency and duration, in two series:
//   1. with delivery of the ingest queue paused (the bench entry's `POST /v1/bench/hold`, the local
//      stand-in for `wrangler queues pause-delivery`). In production the consumer runs in its own
//      invocations; wrangler dev runs HTTP, the queue broker, the consumer and D1's SQLite on ONE workerd
//      thread, so only with delivery paused do the rounds measure the request path itself. The series
//      leaves a backlog; when the hold ends the bench times the consumer draining it (drain rate =
//      backlog / time from the end of the hold until the last event is counted).
//   2. the same rounds with the consumer storing events alongside on that thread (printed for
//      comparison: it is what one 2-core laptop running everything can sustain).
// Finally it waits until every accepted event is stored and checks each was counted exactly once.
//
// Env: BENCH_SECONDS (10) per round, BENCH_CONCURRENCY (32) requests in flight, BENCH_ROUNDS (3) rounds of
// each kind per series, BENCH_WARMUP_SECONDS (3) per kind and series, BENCH_DRAIN_TIMEOUT_SECONDS (180),
// BENCH_BATCH_SIZE (50).
// Traffic goes to 127.0.0.1 only; every loop is bounded in time.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { sleep, startDevServer, waitFor } from '../support/dev-server.mjs';

/** @param {string} name @param {number} fallback */
function envNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number (got "${raw}")`);
  return value;
}

const SECONDS = envNumber('BENCH_SECONDS', 10);
const CONCURRENCY = Math.round(envNumber('BENCH_CONCURRENCY', 32));
const ROUNDS = Math.round(envNumber('BENCH_ROUNDS', 3));
const WARMUP_SECONDS = envNumber('BENCH_WARMUP_SECONDS', 3);
const DRAIN_TIMEOUT_SECONDS = envNumber('BENCH_DRAIN_TIMEOUT_SECONDS', 180);
const BATCH_SIZE = Math.round(envNumber('BENCH_BATCH_SIZE', 50));
/** The backlog below which a drain rate is not reported as meaningful. */
const MIN_BACKLOG = 20_000;
const ACCOUNTS = 200;
const USERS_PER_ACCOUNT = 5;
const TEMPLATES = 64;
const TARGETS = { ratio: 0.6, drainEventsPerSecond: 10_000 };

const FEATURES = [
  ['Report Run', 'reports'],
  ['Report Exported', 'reports'],
  ['Dashboard Viewed', 'dashboards'],
  ['Dashboard Shared', 'dashboards'],
  ['Widget Added', 'dashboards'],
  ['Invite Sent', 'admin'],
  ['Seat Assigned', 'admin'],
  ['SSO Configured', 'admin'],
  ['Integration Connected', 'integrations'],
  ['Sync Run', 'integrations'],
  ['Alert Created', 'alerts'],
  ['Alert Acknowledged', 'alerts'],
  ['Search Performed', 'core'],
  ['Record Created', 'core'],
  ['Record Updated', 'core'],
  ['Comment Added', 'collaboration'],
  ['File Uploaded', 'collaboration'],
  ['API Key Created', 'developer'],
  ['Webhook Delivered', 'developer'],
  ['Billing Page Viewed', 'billing'],
];

// ---------------------------------------------------------------------------------------------------
// Bodies. Templates are built once, up front; a request only fills fresh messageIds into the template's
// precomputed string parts (one Array#join), the same for noop and batch, so generation is not measured.

const accountId = (/** @type {number} */ a) => `acct-${String(a).padStart(3, '0')}`;
const userId = (/** @type {number} */ a, /** @type {number} */ u) => `${accountId(a)}-u${u}`;
const PLACEHOLDER = '__KW_BENCH_MESSAGE_ID__';
const runId = randomUUID().slice(0, 8);
let messageSeq = 0;

/** @param {number} n */
const pick = (n) => Math.floor(Math.random() * n);

/** @param {Record<string, unknown>[]} messages */
function template(messages) {
  const json = JSON.stringify({ batch: messages, sentAt: new Date().toISOString() });
  return { parts: json.split(`"${PLACEHOLDER}"`), count: messages.length };
}

/** @param {{ parts: string[], count: number }} t */
function fill(t) {
  const out = new Array(t.parts.length * 2 - 1);
  for (let i = 0; i < t.parts.length; i++) {
    out[i * 2] = t.parts[i];
    if (i < t.parts.length - 1) out[i * 2 + 1] = `"${runId}-${++messageSeq}"`;
  }
  return { body: out.join(''), count: t.count };
}

function trackMessage() {
  const a = pick(ACCOUNTS);
  const u = pick(USERS_PER_ACCOUNT);
  const [event, module] = FEATURES[pick(FEATURES.length)] ?? ['Report Run', 'reports'];
  return {
    type: 'track',
    messageId: PLACEHOLDER,
    userId: userId(a, u),
    event,
    properties: {
      module,
      durationMs: 1_000 + pick(120_000),
      plan: a % 3 === 0 ? 'enterprise' : 'growth',
      path: `/app/${module}/${pick(1000)}`,
      rows: pick(5000),
    },
    context: {
      library: { name: 'analytics-node', version: '3.1.0' },
      ip: `203.0.113.${pick(250)}`,
      userAgent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
      locale: 'en-US',
      timezone: 'Europe/Berlin',
    },
    timestamp: new Date().toISOString(),
    integrations: {},
  };
}

const trackTemplates = Array.from({ length: TEMPLATES }, () =>
  template(Array.from({ length: BATCH_SIZE }, trackMessage)),
);
let templateIndex = 0;
const nextTrackBody = () =>
  fill(/** @type {{ parts: string[], count: number }} */ (trackTemplates[templateIndex++ % TEMPLATES]));

/** One group call per user, so every user is linked to its account before any track arrives. */
function groupBodies() {
  const messages = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    for (let u = 0; u < USERS_PER_ACCOUNT; u++) {
      messages.push({
        type: 'group',
        messageId: PLACEHOLDER,
        userId: userId(a, u),
        groupId: accountId(a),
        traits: {
          name: `Account ${a}`,
          plan: a % 3 === 0 ? 'enterprise' : 'growth',
          seats: 10 + (a % 40),
          arr: 12_000 + a * 100,
          renewal_date: '2027-06-30',
        },
        timestamp: new Date().toISOString(),
      });
    }
  }
  const bodies = [];
  for (let i = 0; i < messages.length; i += BATCH_SIZE)
    bodies.push(fill(template(messages.slice(i, i + BATCH_SIZE))));
  return bodies;
}

// ---------------------------------------------------------------------------------------------------
// HTTP: node:http with a keep-alive agent (cheaper per request than fetch on a 2-core machine that also
// runs the server).

/**
 * @typedef {{ status: number, body: string, error?: string }} PostResult
 */

/**
 * @param {{ port: number, agent: http.Agent, auth: string }} target
 * @param {string} path
 * @param {string} body
 * @returns {Promise<PostResult>}
 */
function post(target, path, body) {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: target.port,
        path,
        method: 'POST',
        agent: target.agent,
        timeout: 30_000,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          Authorization: target.auth,
        },
      },
      (res) => {
        /** @type {Buffer[]} */
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', (err) => resolve({ status: 0, body: '', error: String(err) }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) =>
      resolve({ status: 0, body: '', error: /** @type {{ code?: string }} */ (err).code ?? err.message }),
    );
    req.end(body);
  });
}

/**
 * @typedef {object} PhaseResult
 * @property {'noop' | 'batch'} kind
 * @property {number} seconds wall time from the first request to the last response
 * @property {number} requests completed requests (any status)
 * @property {number} ok 200 responses
 * @property {number} reqPerSec 200 responses per second
 * @property {number} events events accepted (batch) or carried (noop) by 200 responses
 * @property {number} eventsPerSec
 * @property {number} p50 latency ms
 * @property {number} p99 latency ms
 * @property {Map<string, number>} failures non-200 responses by status or error
 * @property {string[]} failureSamples the first few non-200 bodies
 */

/**
 * Runs `kind` for `seconds` with CONCURRENCY requests in flight.
 * @param {{ port: number, agent: http.Agent, auth: string }} target
 * @param {'noop' | 'batch'} kind
 * @param {number} seconds
 * @param {(accepted: number) => void} [onAccepted]
 * @returns {Promise<PhaseResult & { startedAt: number, endedAt: number }>}
 */
async function runPhase(target, kind, seconds, onAccepted) {
  const path = kind === 'batch' ? '/v1/batch' : '/v1/noop';
  /** @type {number[]} */
  const latencies = [];
  /** @type {Map<string, number>} */
  const failures = new Map();
  /** @type {string[]} */
  const failureSamples = [];
  let requests = 0;
  let ok = 0;
  let events = 0;
  const startedAt = performance.now();
  const end = startedAt + seconds * 1000;
  async function worker() {
    while (performance.now() < end) {
      const { body, count } = nextTrackBody();
      const t0 = performance.now();
      const res = await post(target, path, body);
      latencies.push(performance.now() - t0);
      requests++;
      let parsed;
      try {
        parsed = JSON.parse(res.body);
      } catch {}
      if (res.status === 200 && parsed?.success === true) {
        ok++;
        if (kind === 'batch') {
          const accepted = Number(parsed.accepted ?? 0);
          events += accepted;
          onAccepted?.(accepted);
          if (accepted !== count || (parsed.rejected?.length ?? 0) > 0) {
            const key = 'partial accept';
            failures.set(key, (failures.get(key) ?? 0) + 1);
            if (failureSamples.length < 3) failureSamples.push(res.body.slice(0, 300));
          }
        } else {
          events += count;
        }
      } else {
        const key = res.error ? `error ${res.error}` : `HTTP ${res.status}`;
        failures.set(key, (failures.get(key) ?? 0) + 1);
        if (failureSamples.length < 3) failureSamples.push(`${key}: ${res.body.slice(0, 300)}`);
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const endedAt = performance.now();
  const elapsed = (endedAt - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (/** @type {number} */ p) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return {
    kind,
    seconds: elapsed,
    requests,
    ok,
    reqPerSec: ok / elapsed,
    events,
    eventsPerSec: events / elapsed,
    p50: pct(0.5),
    p99: pct(0.99),
    failures,
    failureSamples,
    startedAt,
    endedAt,
  };
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const fmt = (/** @type {number} */ n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const now = () => performance.now();
const log = (/** @type {string} */ line) => console.log(line);

// wrangler logs every consumer invocation as `QUEUE keepwell-ingest <acked>/<messages> (<ms>ms)`: the
// consumer's own processing time, separate from how fast the producer could feed it.
const consumerLog = { invocations: 0, messages: 0, ms: 0 };
let logTail = '';
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
/** Reloads, errors and warnings wrangler printed (request and queue lines left out). */
const notable = /** @type {string[]} */ ([]);
/** @param {string} text */
function parseQueueLog(text) {
  const lines = (logTail + text).split('\n');
  logTail = lines.pop() ?? '';
  for (const line of lines) {
    const plain = line.replace(ANSI, '').trim();
    if (
      /reloading|error|✘|warn/i.test(plain) &&
      !/workers\.cloudflare\.com|Request\.cf|Scheduled Workers/.test(plain)
    ) {
      if (notable.length < 200) notable.push(plain);
    }
    const m = /QUEUE keepwell-ingest (\d+)\/(\d+) \((\d+)ms\)/.exec(line);
    if (!m) continue;
    consumerLog.invocations++;
    consumerLog.messages += Number(m[2]);
    consumerLog.ms += Number(m[3]);
  }
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  log(
    `ingest bench: ${ROUNDS} rounds × (noop ${SECONDS}s, batch ${SECONDS}s), concurrency ${CONCURRENCY}, ` +
      `${BATCH_SIZE} messages/request, ${ACCOUNTS} accounts × ${USERS_PER_ACCOUNT} users, warm-up ${WARMUP_SECONDS}s each`,
  );
  log(
    `node ${process.version}, ${trackTemplates.length} body templates of ~${fmt(Buffer.byteLength(fill(trackTemplates[0] ?? template([])).body) / 1024, 1)} KB`,
  );

  const t0 = now();
  const server = await startDevServer({ main: 'worker/bench/index.ts', onOutput: parseQueueLog });
  const stopOnSignal = (/** @type {NodeJS.Signals} */ signal) => {
    log(`\n${signal}: stopping the dev server`);
    server.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    log(`dev server up at ${server.url} in ${fmt((now() - t0) / 1000, 1)} s`);
    await run(server);
  } finally {
    await server.stop();
    log('dev server stopped');
  }
}

/** @param {import('../support/dev-server.mjs').DevServer} server */
async function run(server) {
  const created = await server.admin('/api/sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'bench' }),
  });
  if (created.status !== 201)
    throw new Error(`POST /api/sources → ${created.status}: ${await created.text()}`);
  const source = /** @type {{ id: string, writeKey: string }} */ (await created.json());
  const port = Number(new URL(server.url).port);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY, maxFreeSockets: CONCURRENCY });
  const target = { port, agent, auth: `Basic ${Buffer.from(`${source.writeKey}:`).toString('base64')}` };

  /** @returns {Promise<{ rawEvents: number, rolledUpEvents: number, accounts: number, users: number, failures: number }>} */
  const stats = async () => {
    const res = await server.admin(`/api/ingest/stats?sourceId=${source.id}`, {
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`GET /api/ingest/stats → ${res.status}: ${await res.text()}`);
    return /** @type {any} */ (await res.json());
  };

  // Setup: link every user to its account, and wait until it is all in D1.
  const groups = groupBodies();
  const setupEvents = groups.reduce((n, g) => n + g.count, 0);
  for (const g of groups) {
    const res = await post(target, '/v1/batch', g.body);
    if (res.status !== 200) throw new Error(`setup /v1/batch → ${res.status}: ${res.body.slice(0, 300)}`);
  }
  await waitFor(
    async () => {
      const s = await stats();
      return (
        s.rawEvents === setupEvents && s.accounts === ACCOUNTS && s.users === ACCOUNTS * USERS_PER_ACCOUNT
      );
    },
    { timeoutMs: 60_000, intervalMs: 500, message: 'setup group calls were not all stored' },
  );
  log(
    `setup: ${fmt(setupEvents)} group calls stored (${ACCOUNTS} accounts, ${ACCOUNTS * USERS_PER_ACCOUNT} users)`,
  );

  const total = { accepted: 0 };
  const onAccepted = (/** @type {number} */ n) => {
    total.accepted += n;
  };

  // Series 1: delivery of the ingest queue paused for the whole series (as the consumer runs in its own
  // invocations in production, not on the request path's thread), so the rounds measure the request path
  // alone and leave a backlog behind; when the hold ends, the drain of that backlog is timed.
  const plannedSeconds = 2 * WARMUP_SECONDS + 2 * ROUNDS * SECONDS;
  // Phases end once their in-flight requests return: allow 1 s each, plus 3 s.
  const holdMs = Math.round((plannedSeconds + 2 * (ROUNDS + 1) + 3) * 1000);
  if (holdMs > 600_000)
    throw new Error(`the paused series would take ${holdMs / 1000} s; the hold allows 600`);
  const held = await server.admin('/v1/bench/hold', { method: 'POST', body: JSON.stringify({ holdMs }) });
  if (held.status !== 200) throw new Error(`POST /v1/bench/hold → ${held.status}: ${await held.text()}`);
  const { holdUntil } = /** @type {{ holdUntil: number }} */ (await held.json());
  const releaseAt = now() + (holdUntil - Date.now());
  const base = await stats();
  log(`series 1: ingest-queue delivery paused for ${fmt(holdMs / 1000, 1)} s`);
  const paused = await measureRounds(target, onAccepted);
  const pausedAccepted = total.accepted;
  const overran = now() > releaseAt;
  const release = await server.admin('/v1/bench/hold', {
    method: 'POST',
    body: JSON.stringify({ holdMs: 0 }),
  });
  if (release.status !== 200) throw new Error(`releasing the hold → ${release.status}`);
  const beforeRelease = await stats();
  const storedBeforeRelease = beforeRelease.rawEvents - base.rawEvents;
  const backlog = pausedAccepted - storedBeforeRelease;
  log(
    `drain: ${fmt(backlog)} events queued while paused; waiting ${fmt(Math.max(0, releaseAt - now()) / 1000, 1)} s for the hold to end`,
  );
  await sleep(Math.max(0, releaseAt - now()));
  // Polled every 250 ms: the first poll showing every event stored ends the drain, which over-states its
  // time by up to one interval (and by up to 1 s more: queue delays are whole seconds, so the last
  // messages become deliverable up to 1 s after the hold ends).
  const drained = await waitStored(stats, base, pausedAccepted, 250);
  const drainSeconds = (drained.doneAt - releaseAt) / 1000;
  const drainRate = backlog / drainSeconds;

  // Series 2: the same rounds with the consumer running alongside on the same workerd thread.
  log('series 2: consumer running alongside');
  const colocated = await measureRounds(target, onAccepted);
  const sendingFinishedAt = now();
  log(
    `waiting for all ${fmt(total.accepted)} accepted events to be stored (timeout ${DRAIN_TIMEOUT_SECONDS}s)`,
  );
  const settled = await waitStored(stats, base, total.accepted, 500);
  // Settle: a late duplicate would show up here.
  await sleep(3_000);
  const final = await stats();
  const counted = final.rawEvents - base.rawEvents;
  const rolledUp = final.rolledUpEvents - base.rolledUpEvents;
  const tailSeconds = Math.max(0, (settled.doneAt - sendingFinishedAt) / 1000);
  // Everything the consumer stored (setup included) over the time spent inside its invocations.
  const consumerRate = consumerLog.ms > 0 ? (setupEvents + counted) / (consumerLog.ms / 1000) : Number.NaN;

  const ratios = [paused, colocated].map(summarize);
  const [p, c] = ratios;
  if (!p || !c) throw new Error('no rounds measured');
  const failures = new Map([...p.failures, ...c.failures].map(([k]) => [k, 0]));
  for (const [k, v] of [...p.failures, ...c.failures]) failures.set(k, (failures.get(k) ?? 0) + v);
  const failureCount = [...failures.values()].reduce((n, v) => n + v, 0);
  const exact = counted === total.accepted && rolledUp === total.accepted && final.failures === 0;
  const drainValid = !overran && storedBeforeRelease === 0 && backlog >= MIN_BACKLOG;
  const mark = (/** @type {boolean} */ ok) => (ok ? 'PASS' : 'MISS');
  const series = (/** @type {ReturnType<typeof summarize>} */ r) => {
    log(
      `  noop  req/s   median ${fmt(r.noopRate)}  (rounds: ${r.noop.map((x) => fmt(x.reqPerSec)).join(', ')})`,
    );
    log(
      `  batch req/s   median ${fmt(r.batchRate)}  (rounds: ${r.batch.map((x) => fmt(x.reqPerSec)).join(', ')})`,
    );
    log(
      `  ratio         batch/noop = ${fmt(r.ratio, 3)}   (median ${fmt(r.batchEventsRate)} events/s accepted)`,
    );
  };

  log('');
  log('================================ ingest benchmark ================================');
  log(
    `setup          ${ROUNDS} rounds × ${SECONDS}s per kind and series, concurrency ${CONCURRENCY}, ${BATCH_SIZE} msgs/request, keep-alive`,
  );
  log('series 1       request path: ingest-queue delivery paused, no consumer work on the thread');
  series(p);
  log('series 2       the consumer storing events alongside, on the same workerd thread');
  series(c);
  log(
    `non-200        ${failureCount}${failureCount ? ` (${[...failures].map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''}`,
  );
  for (const sample of [...p.failureSamples, ...c.failureSamples].slice(0, 3))
    log(`               e.g. ${sample}`);
  log(
    `drain          ${fmt(drainRate)} events/s = ${fmt(backlog)} events queued in series 1 / ${fmt(drainSeconds, 2)} s from the end of ` +
      'the hold to the first 250 ms poll showing all stored',
  );
  log(
    `               ${fmt(storedBeforeRelease)} stored before the hold ended${overran ? '; the series overran the hold, so the drain figure is not valid' : ''}`,
  );
  log(
    `series 2 tail  ${fmt(tailSeconds, 1)} s after sending stopped until everything was stored (peak backlog while sending: see QUEUE lines)`,
  );
  log(
    `consumer calls ${Number.isNaN(consumerRate) ? 'n/a (no QUEUE lines in the wrangler log)' : `${fmt(consumerRate)} events/s`} = ` +
      `${fmt(setupEvents + counted)} events stored (setup included) / ${fmt(consumerLog.ms / 1000, 1)} s spent inside ` +
      `${fmt(consumerLog.invocations)} consumer invocations of ${fmt(consumerLog.messages)} queue messages (wrangler's QUEUE log lines)`,
  );
  log(
    `sent           ${fmt(total.accepted)} track events accepted (+ ${fmt(setupEvents)} setup group calls); counted ${fmt(counted)} raw, ` +
      `${fmt(rolledUp)} rolled up, ${final.failures} ingest failures`,
  );
  log('targets');
  log(
    `  ${mark(p.ratio >= TARGETS.ratio)}  batch/noop ratio ≥ ${TARGETS.ratio} (request path, series 1): ${fmt(p.ratio, 3)}`,
  );
  log(
    `  info  batch/noop ratio with the consumer on the same thread (series 2): ${fmt(c.ratio, 3)}; ` +
      'wrangler dev runs HTTP, queue broker, consumer and D1 on one thread',
  );
  log(
    `  ${mark(drainValid && drainRate >= TARGETS.drainEventsPerSecond)}  drain ≥ ${fmt(TARGETS.drainEventsPerSecond)} events/s: ` +
      (drainValid
        ? fmt(drainRate)
        : `not measured (backlog ${fmt(backlog)}, stored early ${fmt(storedBeforeRelease)})`),
  );
  log(
    `  ${mark(exact)}  sent == counted: ${fmt(total.accepted)} sent, ${fmt(counted)} raw, ${fmt(rolledUp)} rolled up, ${final.failures} failures`,
  );
  log(`  ${mark(failureCount === 0)}  no non-200 responses: ${failureCount}`);
  log('==================================================================================');
  // Machine-readable, for `npm run bench` (test/bench/all.mjs): the request path (series 1) and the drain.
  const round = (/** @type {number} */ n, digits = 0) =>
    Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : null;
  log(
    JSON.stringify({
      ingest: {
        ratio: round(p.ratio, 3),
        eventsPerSec: round(p.batchEventsRate),
        drainEventsPerSec: drainValid ? round(drainRate) : null,
        sent: total.accepted,
        counted,
        rolledUp,
        failures: final.failures,
        non200: failureCount,
      },
    }),
  );
  if (notable.length > 0) {
    // To tell a reload, a consumer error or a crash apart when something is off.
    log(`wrangler printed ${notable.length} warning/error/reload line(s); the last 20:`);
    for (const l of notable.slice(-20)) log(`  ${l.slice(0, 400)}`);
  }
  agent.destroy();
}

/**
 * Warm-up, then ROUNDS alternating noop and batch rounds.
 * @param {{ port: number, agent: http.Agent, auth: string }} target
 * @param {(accepted: number) => void} onAccepted
 */
async function measureRounds(target, onAccepted) {
  log(`  warm-up: ${WARMUP_SECONDS}s noop + ${WARMUP_SECONDS}s batch`);
  const warm = [
    await runPhase(target, 'noop', WARMUP_SECONDS),
    await runPhase(target, 'batch', WARMUP_SECONDS, onAccepted),
  ];
  /** @type {Awaited<ReturnType<typeof runPhase>>[]} */
  const phases = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const kind of /** @type {const} */ (['noop', 'batch'])) {
      const r = await runPhase(target, kind, SECONDS, kind === 'batch' ? onAccepted : undefined);
      phases.push(r);
      const failed = [...r.failures.values()].reduce((n, v) => n + v, 0);
      log(
        `  round ${round} ${kind.padEnd(5)} ${fmt(r.reqPerSec).padStart(7)} req/s  ${fmt(r.eventsPerSec).padStart(9)} events/s  ` +
          `p50 ${fmt(r.p50, 1)} ms  p99 ${fmt(r.p99, 1)} ms  non-200 ${failed}`,
      );
    }
  }
  return { warm, phases };
}

/** Medians and failures of one series. @param {Awaited<ReturnType<typeof measureRounds>>} m */
function summarize(m) {
  const noop = m.phases.filter((x) => x.kind === 'noop');
  const batch = m.phases.filter((x) => x.kind === 'batch');
  const noopRate = median(noop.map((x) => x.reqPerSec));
  const batchRate = median(batch.map((x) => x.reqPerSec));
  /** @type {Map<string, number>} */
  const failures = new Map();
  const failureSamples = [];
  for (const x of [...m.warm, ...m.phases]) {
    for (const [k, v] of x.failures)
      failures.set(`${x.kind} ${k}`, (failures.get(`${x.kind} ${k}`) ?? 0) + v);
    failureSamples.push(...x.failureSamples);
  }
  return {
    noop,
    batch,
    noopRate,
    batchRate,
    ratio: batchRate / noopRate,
    batchEventsRate: median(batch.map((x) => x.eventsPerSec)),
    failures,
    failureSamples,
  };
}

/**
 * Polls until `accepted` events past `base` are stored and rolled up; gives up after the drain timeout or
 * 30 s without progress. `doneAt` is the start of the poll that first saw them all.
 * @param {() => Promise<{ rawEvents: number, rolledUpEvents: number }>} stats
 * @param {{ rawEvents: number, rolledUpEvents: number }} base
 * @param {number} accepted
 * @param {number} intervalMs
 */
async function waitStored(stats, base, accepted, intervalMs) {
  const deadline = now() + DRAIN_TIMEOUT_SECONDS * 1000;
  let doneAt = now();
  let last = await stats();
  let lastChangeAt = doneAt;
  for (;;) {
    if (
      last.rawEvents - base.rawEvents === accepted &&
      last.rolledUpEvents - base.rolledUpEvents === accepted
    )
      return { doneAt, complete: true };
    if (now() > deadline || now() - lastChangeAt > 30_000) return { doneAt, complete: false };
    await sleep(intervalMs);
    const t = now();
    const s = await stats();
    if (s.rawEvents !== last.rawEvents || s.rolledUpEvents !== last.rolledUpEvents) lastChangeAt = t;
    last = s;
    doneAt = t;
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
