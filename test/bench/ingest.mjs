// Ingest benchmark: `npm run bench:ingest`.
//
// Starts a real `wrangler dev` (with BENCH_ROUTES=1), then measures side by side, in alternating rounds,
// the request rate of
//   - POST /v1/noop  (reads and parses the same body, does nothing else: the baseline), and
//   - POST /v1/batch (auth, rate limit, validation, normalization, enqueue),
// with the same 50-message bodies, concurrency and duration. Then it waits for the queue consumer to
// write everything to D1 and checks that every accepted event was counted exactly once.
//
// Drain: the rounds above never build a backlog (the consumer keeps up with what /v1/batch accepts, as
// both share one workerd thread), so the time they take to drain says nothing about how fast the queue
// drains. A burst phase therefore pauses delivery of the ingest queue (BENCH_ROUTES-only
// `POST /v1/bench/hold`, the local stand-in for `wrangler queues pause-delivery`), sends up to
// BENCH_BURST_EVENTS events through the same /v1/batch route in 500-message requests, lets the hold end
// and times the consumer storing the backlog: drain rate = backlog / time from the end of the hold
// until the last event is counted.
//
// Env: BENCH_SECONDS (10) per round, BENCH_CONCURRENCY (32) requests in flight, BENCH_ROUNDS (3) rounds of
// each kind, BENCH_WARMUP_SECONDS (3) per kind, BENCH_DRAIN_TIMEOUT_SECONDS (180), BENCH_BATCH_SIZE (50),
// BENCH_BURST_EVENTS (200000), BENCH_BURST_BATCH_SIZE (500), BENCH_BURST_CONCURRENCY (8),
// BENCH_HOLD_SECONDS (30: the burst stops sending 3 s before the hold ends).
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
const BURST_EVENTS = Math.round(envNumber('BENCH_BURST_EVENTS', 200_000));
const BURST_BATCH_SIZE = Math.round(envNumber('BENCH_BURST_BATCH_SIZE', 500));
const BURST_CONCURRENCY = Math.round(envNumber('BENCH_BURST_CONCURRENCY', 8));
const HOLD_SECONDS = envNumber('BENCH_HOLD_SECONDS', 30);
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
const burstTemplates = Array.from({ length: 8 }, () =>
  template(Array.from({ length: BURST_BATCH_SIZE }, trackMessage)),
);
let burstIndex = 0;
const nextBurstBody = () =>
  fill(
    /** @type {{ parts: string[], count: number }} */ (burstTemplates[burstIndex++ % burstTemplates.length]),
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

/**
 * Builds a backlog and times how fast the consumer drains it. Delivery of the ingest queue is paused
 * (`POST /v1/bench/hold`, as `wrangler queues pause-delivery` would in production) while a burst of
 * events goes through the real /v1/batch route; when the hold ends every queued message becomes
 * deliverable at once, and the drain rate is the backlog over the time until the last event is stored.
 * `stats` returns cumulative counts; `base` holds them from before the burst.
 * @param {import('../support/dev-server.mjs').DevServer} server
 * @param {{ port: number, agent: http.Agent, auth: string }} target
 * @param {() => Promise<{ rawEvents: number, rolledUpEvents: number, failures: number }>} stats
 * @param {{ raw: number, rolledUp: number }} base
 */
async function burstDrain(server, target, stats, base) {
  const held = await server.admin('/v1/bench/hold', {
    method: 'POST',
    body: JSON.stringify({ holdMs: HOLD_SECONDS * 1000 }),
  });
  if (held.status !== 200) throw new Error(`POST /v1/bench/hold → ${held.status}: ${await held.text()}`);
  const { holdUntil } = /** @type {{ holdUntil: number }} */ (await held.json());
  const releaseAt = now() + (holdUntil - Date.now());
  // Stop sending well before the hold ends, so every burst message is part of the backlog.
  const stopSendingAt = releaseAt - 3_000;
  let accepted = 0;
  let requests = 0;
  /** @type {Map<string, number>} */
  const failures = new Map();
  const startedAt = now();
  let queued = 0;
  async function sender() {
    while (queued < BURST_EVENTS && now() < stopSendingAt) {
      const { body, count } = nextBurstBody();
      queued += count;
      const res = await post(target, '/v1/batch', body);
      requests++;
      let parsed;
      try {
        parsed = JSON.parse(res.body);
      } catch {}
      if (res.status === 200 && parsed?.success === true) accepted += Number(parsed.accepted ?? 0);
      else {
        const key = res.error ? `error ${res.error}` : `HTTP ${res.status}`;
        failures.set(key, (failures.get(key) ?? 0) + 1);
      }
    }
  }
  await Promise.all(Array.from({ length: BURST_CONCURRENCY }, sender));
  const sentAt = now();
  const release = await server.admin('/v1/bench/hold', {
    method: 'POST',
    body: JSON.stringify({ holdMs: 0 }),
  });
  if (release.status !== 200) throw new Error(`releasing the hold → ${release.status}`);
  // Nothing may be stored before the hold ends; the backlog is everything the burst queued.
  const beforeRelease = await stats();
  const storedBeforeRelease = beforeRelease.rawEvents - base.raw;
  await sleep(Math.max(0, releaseAt - now()));
  const deadline = now() + DRAIN_TIMEOUT_SECONDS * 1000;
  let last = beforeRelease;
  let lastChangeAt = now();
  // Polled every 250 ms from the end of the hold; the first poll showing every event stored ends the
  // drain, which over-states its time by up to one interval (plus up to 1 s: the Queues API delays in
  // whole seconds, so the last messages queued become deliverable up to 1 s after the hold's end).
  let doneAt = now();
  for (;;) {
    if (last.rawEvents - base.raw === accepted && last.rolledUpEvents - base.rolledUp === accepted) break;
    if (now() > deadline || now() - lastChangeAt > 30_000) break;
    await sleep(250);
    const t = now();
    const s = await stats();
    if (s.rawEvents !== last.rawEvents || s.rolledUpEvents !== last.rolledUpEvents) lastChangeAt = t;
    last = s;
    doneAt = t;
  }
  await sleep(2_000);
  const final = await stats();
  const counted = final.rawEvents - base.raw;
  const rolledUp = final.rolledUpEvents - base.rolledUp;
  const backlog = accepted - storedBeforeRelease;
  const drainSeconds = (doneAt - releaseAt) / 1000;
  return {
    requests,
    accepted,
    failures,
    sendSeconds: (sentAt - startedAt) / 1000,
    acceptRate: accepted / ((sentAt - startedAt) / 1000),
    storedBeforeRelease,
    backlog,
    drainSeconds,
    drainRate: drainSeconds > 0 ? backlog / drainSeconds : Number.NaN,
    counted,
    rolledUp,
    ingestFailures: final.failures,
  };
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
  const server = await startDevServer({ vars: { BENCH_ROUTES: '1' }, onOutput: parseQueueLog });
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

  // Everything accepted from here on must be counted; sample the stored count once a second meanwhile.
  let accepted = 0;
  const onAccepted = (/** @type {number} */ n) => {
    accepted += n;
  };
  /** @type {{ t: number, counted: number, accepted: number }[]} */
  const samples = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const t = now();
      const acceptedAtStart = accepted;
      try {
        const s = await stats();
        samples.push({ t, counted: s.rawEvents - setupEvents, accepted: acceptedAtStart });
      } catch {}
      await sleep(Math.max(0, 1000 - (now() - t)));
    }
  })();

  log(`warm-up: ${WARMUP_SECONDS}s noop + ${WARMUP_SECONDS}s batch`);
  const warmNoop = await runPhase(target, 'noop', WARMUP_SECONDS);
  const firstBatchAt = now();
  const warmBatch = await runPhase(target, 'batch', WARMUP_SECONDS, onAccepted);
  /** @type {(PhaseResult & { startedAt: number, endedAt: number })[]} */
  const phases = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const kind of /** @type {const} */ (['noop', 'batch'])) {
      const r = await runPhase(target, kind, SECONDS, kind === 'batch' ? onAccepted : undefined);
      phases.push(r);
      const failed = [...r.failures.values()].reduce((n, v) => n + v, 0);
      log(
        `round ${round} ${kind.padEnd(5)} ${fmt(r.reqPerSec).padStart(7)} req/s  ${fmt(r.eventsPerSec).padStart(9)} events/s  ` +
          `p50 ${fmt(r.p50, 1)} ms  p99 ${fmt(r.p99, 1)} ms  non-200 ${failed}`,
      );
    }
  }
  const sendingFinishedAt = now();
  const batchSendingSeconds =
    warmBatch.seconds + phases.filter((p) => p.kind === 'batch').reduce((n, p) => n + p.seconds, 0);

  // Drain: poll until the stored count reaches what was accepted and stays; give up after the timeout
  // or after 30 s without progress.
  log(`drain: waiting for ${fmt(accepted)} accepted events to be stored (timeout ${DRAIN_TIMEOUT_SECONDS}s)`);
  sampling = false;
  await sampler;
  let lastChangeAt = now();
  let last = await stats();
  samples.push({ t: lastChangeAt, counted: last.rawEvents - setupEvents, accepted });
  const drainDeadline = now() + DRAIN_TIMEOUT_SECONDS * 1000;
  for (;;) {
    if (last.rawEvents - setupEvents === accepted && last.rolledUpEvents === accepted) break;
    if (now() > drainDeadline || now() - lastChangeAt > 30_000) break;
    await sleep(500);
    const t = now();
    const s = await stats();
    samples.push({ t, counted: s.rawEvents - setupEvents, accepted });
    if (s.rawEvents !== last.rawEvents || s.rolledUpEvents !== last.rolledUpEvents) lastChangeAt = t;
    last = s;
  }
  // Settle: a late duplicate would show up here.
  await sleep(3_000);
  const final = await stats();
  const counted = final.rawEvents - setupEvents;
  const rolledUp = final.rolledUpEvents;
  // When the stored count first reached its final value (to the stats sampling period: 1 s while
  // sending, 0.5 s while draining).
  const lastCountedAt = samples.find((x) => x.counted === counted)?.t ?? lastChangeAt;
  const wallSeconds = (lastCountedAt - firstBatchAt) / 1000;
  const wallRate = counted / wallSeconds;
  const tailSeconds = Math.max(0, (lastCountedAt - sendingFinishedAt) / 1000);
  const consumerOnlyRate = counted / (batchSendingSeconds + tailSeconds);
  let peakBacklog = 0;
  for (const s of samples) peakBacklog = Math.max(peakBacklog, s.accepted - s.counted);
  // Everything the consumer stored (setup included) over the time spent inside its invocations.
  const consumerRate = consumerLog.ms > 0 ? (setupEvents + counted) / (consumerLog.ms / 1000) : Number.NaN;

  log(
    `burst: ${fmt(BURST_EVENTS)} events through /v1/batch, ${BURST_BATCH_SIZE} messages/request, concurrency ${BURST_CONCURRENCY}`,
  );
  const burst = await burstDrain(server, target, stats, {
    raw: final.rawEvents,
    rolledUp: final.rolledUpEvents,
  });
  const burstFailures = [...burst.failures.values()].reduce((n, v) => n + v, 0);
  const burstExact =
    burst.counted === burst.accepted && burst.rolledUp === burst.accepted && burst.ingestFailures === 0;
  const drainMeasured = burst.backlog >= MIN_BACKLOG;

  // Summary.
  const noop = phases.filter((p) => p.kind === 'noop');
  const batch = phases.filter((p) => p.kind === 'batch');
  const noopRate = median(noop.map((p) => p.reqPerSec));
  const batchRate = median(batch.map((p) => p.reqPerSec));
  const batchEventsRate = median(batch.map((p) => p.eventsPerSec));
  const ratio = batchRate / noopRate;
  /** @type {Map<string, number>} */
  const failures = new Map();
  const samplesOfFailures = [];
  for (const p of [warmNoop, warmBatch, ...phases]) {
    for (const [k, v] of p.failures)
      failures.set(`${p.kind} ${k}`, (failures.get(`${p.kind} ${k}`) ?? 0) + v);
    samplesOfFailures.push(...p.failureSamples);
  }
  const failureCount = [...failures.values()].reduce((n, v) => n + v, 0);
  const exact = counted === accepted && rolledUp === accepted && final.failures === 0;
  const mark = (/** @type {boolean} */ ok) => (ok ? 'PASS' : 'MISS');

  log('');
  log('================================ ingest benchmark ================================');
  log(
    `setup          ${ROUNDS} rounds × ${SECONDS}s per kind, concurrency ${CONCURRENCY}, ${BATCH_SIZE} msgs/request, keep-alive`,
  );
  log(`noop  req/s    median ${fmt(noopRate)}  (rounds: ${noop.map((p) => fmt(p.reqPerSec)).join(', ')})`);
  log(`batch req/s    median ${fmt(batchRate)}  (rounds: ${batch.map((p) => fmt(p.reqPerSec)).join(', ')})`);
  log(`ratio          batch/noop = ${fmt(ratio, 3)}`);
  log(`accepted       median ${fmt(batchEventsRate)} events/s through /v1/batch`);
  log(
    `non-200        ${failureCount}${failureCount ? ` (${[...failures].map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''}`,
  );
  for (const s of samplesOfFailures.slice(0, 3)) log(`               e.g. ${s}`);
  log(`sent (accepted) ${fmt(accepted)} track events (+ ${fmt(setupEvents)} setup group calls)`);
  log(
    `counted        raw events ${fmt(counted)}, rolled-up events ${fmt(rolledUp)}, ingest failures ${final.failures}`,
  );
  log(`peak backlog   ${fmt(peakBacklog)} events accepted but not yet stored`);
  log(
    `wall clock     ${fmt(wallRate)} events/s = events counted / ${fmt(wallSeconds, 1)} s from the first measured`,
  );
  log(
    '               /v1/batch send to the last count change (includes the noop rounds: bounded by what was sent)',
  );
  log(
    `consumer-only  ${fmt(consumerOnlyRate)} events/s = events counted / (${fmt(batchSendingSeconds, 1)} s of /v1/batch sending`,
  );
  log(`               + ${fmt(tailSeconds, 1)} s drain tail after sending stopped)`);
  log(
    `consumer calls ${Number.isNaN(consumerRate) ? 'n/a (no QUEUE lines in the wrangler log)' : `${fmt(consumerRate)} events/s`} = ` +
      `${fmt(setupEvents + counted)} events stored (setup included) / ${fmt(consumerLog.ms / 1000, 1)} s spent inside ` +
      `${fmt(consumerLog.invocations)} consumer invocations of ${fmt(consumerLog.messages)} queue messages (wrangler's QUEUE log lines)`,
  );
  log('--- burst and drain');
  log(
    `burst sent     ${fmt(burst.accepted)} events accepted in ${fmt(burst.requests)} requests over ${fmt(burst.sendSeconds, 1)} s ` +
      `(${fmt(burst.acceptRate)} events/s accepted), non-200 ${burstFailures}`,
  );
  log(
    `backlog        ${fmt(burst.backlog)} events queued while delivery was held (${fmt(burst.storedBeforeRelease)} stored before the hold ended)`,
  );
  log(
    `drain          ${fmt(burst.drainRate)} events/s = ${fmt(burst.backlog)} backlog / ${fmt(burst.drainSeconds, 2)} s from the end ` +
      'of the hold to the first 250 ms poll showing every event stored',
  );
  log(
    `burst counted  ${fmt(burst.accepted)} sent, ${fmt(burst.counted)} raw, ${fmt(burst.rolledUp)} rolled up, ${burst.ingestFailures} failures`,
  );
  log('targets');
  log(`  ${mark(ratio >= TARGETS.ratio)}  batch/noop ratio ≥ ${TARGETS.ratio}: ${fmt(ratio, 3)}`);
  log(
    `  ${mark(drainMeasured && burst.drainRate >= TARGETS.drainEventsPerSecond)}  drain ≥ ${fmt(TARGETS.drainEventsPerSecond)} events/s: ` +
      (drainMeasured
        ? fmt(burst.drainRate)
        : `not measured: only ${fmt(burst.backlog)} events were queued when sending stopped (need ${fmt(MIN_BACKLOG)})`),
  );
  log(
    `  ${mark(exact)}  sent == counted (rounds): ${fmt(accepted)} sent, ${fmt(counted)} raw, ${fmt(rolledUp)} rolled up, ${final.failures} failures`,
  );
  log(
    `  ${mark(burstExact)}  sent == counted (burst): ${fmt(burst.accepted)} sent, ${fmt(burst.counted)} raw, ${fmt(burst.rolledUp)} rolled up`,
  );
  log(`  ${mark(failureCount + burstFailures === 0)}  no non-200 responses: ${failureCount + burstFailures}`);
  log('==================================================================================');
  if (notable.length > 0) {
    // To tell a reload, a consumer error or a crash apart when something is off.
    log(`wrangler printed ${notable.length} warning/error/reload line(s); the last 20:`);
    for (const l of notable.slice(-20)) log(`  ${l.slice(0, 400)}`);
  }
  agent.destroy();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
