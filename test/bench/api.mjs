#!/usr/bin/env node
// `npm run bench:api`: latency of the portfolio API behind the admin SPA with 10,000 scored accounts.
//
// Seeds local D1 before wrangler dev starts: the scoring bench's accounts and 90 days of rollups
// (scoring-data.mjs), CSM owners, contract and renewal dates, BENCH_PERIODS earlier daily snapshots with
// explanations of real size and their tier transitions, timeline material for one account, and three years
// of commercial history ending today (api-data.mjs revenueSql): every account's contract terms (mostly
// yearly, some quarterly and monthly; renewed, expanded, downgraded, opted out or ~10 % churned, the term in
// force pending; premium-CSM and upsell lines, one-off consulting), tickets about every 30 days while a
// customer, monthly CS costs, CSQLs and advocacy. Then segments by plan are created through the API and today is scored for real (queue
// fan-out, the same code as the cron) with a bench model: the default model's measures, seat activation
// weighted up so the synthetic usage spreads over all tiers. Each endpoint then gets BENCH_WARMUP requests and BENCH_REQUESTS
// sequential timed ones (ADMIN_TOKEN bearer); it prints median and p95 per endpoint and PASS/MISS against
// p95 ≤ 150 ms for the dashboard, the accounts list and GET /api/metrics (the last full month and quarter, the
// last 12 months, and the last 12 months of one segment and of one CSM).
//
// It also times, on the seeded database file, the two ways of getting the insight's "segment average"
// per dimension: the stored per-run means (`dashboard_aggregates` kind `dimension-means`) versus computing
// them per request with SQLite JSON functions.
//
// GET /api/health is timed the same way first: the JSON line's `p95Ratio` is the worst targeted p95 divided by
// its p95 and `p50Ratio` the same with medians, figures comparable between machines (`npm run bench:smoke`
// gates them) where milliseconds are not.
//
// Env: BENCH_ACCOUNTS (10000), BENCH_PERIODS (13), BENCH_REQUESTS (200), BENCH_WARMUP (20); BENCH_KEEP_DB=<path>
// keeps a copy of the D1 file; BENCH_REUSE_DB=<path> starts from such a copy (kept the same day) instead of
// seeding and scoring, with the migrations it lacks applied; BENCH_ONLY=<text>[,<text>…] measures only the endpoints whose name contains one of
// them (and the model preview only when one is "preview"); BENCH_BODIES=<path> writes the metrics responses there (JSON by endpoint
// name) to compare two runs.
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { build } from 'esbuild';
import { ROOT, sleep, startDevServer } from '../support/dev-server.mjs';
import { historySql, OWNERS, PLANS, revenueSql, timelineSql } from './api-data.mjs';
import { seedSql } from './scoring-data.mjs';

/** @param {string} name @param {number} fallback */
function envInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return value;
}

const N = envInt('BENCH_ACCOUNTS', 10_000);
const PERIODS = envInt('BENCH_PERIODS', 13);
const REQUESTS = envInt('BENCH_REQUESTS', 200);
const WARMUP = envInt('BENCH_WARMUP', 20);
const TARGET_P95_MS = 150;
const now = Date.now();
const today = new Date(now).toISOString().slice(0, 10);
const asOfDay = new Date(now - 86_400_000).toISOString().slice(0, 10);
/** The account whose page is measured (with touchpoints, ratings, alerts and an override). */
const PAGE_ACCOUNT = 1;
/** The revenue metrics' periods: the last full month and quarter, and the 12 months to today. */
const utcDate = (year, month, day) => new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
const [year, month, date] = [
  new Date(now).getUTCFullYear(),
  new Date(now).getUTCMonth(),
  new Date(now).getUTCDate(),
];
const quarterStart = Math.floor(month / 3) * 3;
const lastQuarter = { from: utcDate(year, quarterStart - 3, 1), to: utcDate(year, quarterStart, 0) };
// The Metrics page opens on a month (with the one before it and a trend of months).
const lastMonth = { from: utcDate(year, month - 1, 1), to: utcDate(year, month, 0) };
const lastYear = { from: utcDate(year - 1, month, date + 1), to: today };

/** @param {DatabaseSync} db @param {string} sql @param {unknown[]} params */
function timeQuery(db, sql, params, runs = 20) {
  const stmt = db.prepare(sql);
  stmt.all(...params);
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    stmt.all(...params);
    ms.push(performance.now() - t);
  }
  return percentile(ms, 50);
}

/** Seeds the D1 file and times the segment-average alternatives on it. */
function seed(persistDir) {
  const dir = join(persistDir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (!file) throw new Error(`no D1 database file in ${dir}`);
  const db = new DatabaseSync(join(dir, file));
  const t = performance.now();
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('BEGIN');
  db.exec(seedSql(N, asOfDay));
  db.exec(historySql(N, PERIODS, today));
  db.exec(timelineSql(PAGE_ACCOUNT, today));
  db.exec(revenueSql(N, today));
  db.exec('COMMIT');
  const counts = db
    .prepare(`SELECT (SELECT count(*) FROM score_snapshots) AS snapshots, (SELECT count(*) FROM tier_transitions) AS transitions,
                     (SELECT count(*) FROM account_days) AS accountDays, (SELECT count(*) FROM contracts) AS contracts,
                     (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM cs_costs) AS csCosts,
                     (SELECT count(*) FROM cs_leads) AS csLeads, (SELECT count(*) FROM advocacy) AS advocacy`)
    .get();
  console.log(
    `seeded ${N.toLocaleString()} accounts and ${PERIODS} earlier periods in ${((performance.now() - t) / 1000).toFixed(1)} s:`,
    {
      ...counts,
    },
  );

  // The insight's segment averages, both ways, on the latest seeded period (full-size explanations).
  const period = db.prepare('SELECT max(period) AS p FROM score_snapshots').get().p;
  const segment = db
    .prepare(
      'SELECT segment_id AS s, count(*) AS n FROM score_snapshots WHERE period = ? GROUP BY 1 ORDER BY 2 DESC LIMIT 1',
    )
    .get(period);
  const live = timeQuery(
    db,
    `SELECT json_extract(d.value, '$.key') AS key, avg(json_extract(d.value, '$.score')) AS mean
     FROM score_snapshots s, json_each(s.dimensions) d WHERE s.period = ? AND s.segment_id = ? GROUP BY 1`,
    [period, segment.s],
    5,
  );
  const all = timeQuery(
    db,
    `SELECT s.segment_id, json_extract(d.value, '$.key') AS key, avg(json_extract(d.value, '$.score')) AS mean
     FROM score_snapshots s, json_each(s.dimensions) d WHERE s.period = ? GROUP BY 1, 2`,
    [period],
    5,
  );
  db.exec(`INSERT INTO dashboard_aggregates (kind, scope, period, value, updated_at)
           VALUES ('dimension-means', 'bench', '${period}', '[["usage",50,1]]', 0) ON CONFLICT DO NOTHING`);
  const stored = timeQuery(
    db,
    `SELECT json_extract(d.value, '$[0]') AS key, json_extract(d.value, '$[1]') AS mean, json_extract(d.value, '$[2]') AS count
     FROM dashboard_aggregates a, json_each(a.value) d WHERE a.kind = 'dimension-means' AND a.scope = ? AND a.period = ?`,
    ['bench', period],
  );
  db.exec(`DELETE FROM dashboard_aggregates WHERE kind = 'dimension-means' AND scope = 'bench'`);
  segmentAverages = { segment: segment.s, accounts: segment.n, live, all, stored };
  db.close();
}

/** @type {{ segment: string, accounts: number, live: number, all: number, stored: number } | null} */
let segmentAverages = null;

/**
 * With BENCH_REUSE_DB=<path> (a file BENCH_KEEP_DB kept, of the same BENCH_ACCOUNTS), starts from it instead of
 * seeding and scoring: copies it over the fresh D1 file and applies the migrations it does not have yet, so an
 * index can be measured at 100,000 accounts without half an hour of seeding.
 */
function reuseDatabase(persistDir) {
  const source = /** @type {string} */ (process.env.BENCH_REUSE_DB);
  const dir = join(persistDir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (!file) throw new Error(`no D1 database file in ${dir}`);
  const t = performance.now();
  for (const suffix of ['', '-wal', '-shm']) {
    rmSync(join(dir, file + suffix), { force: true });
    if (existsSync(source + suffix)) copyFileSync(source + suffix, join(dir, file + suffix));
  }
  const db = new DatabaseSync(join(dir, file));
  const accounts = db.prepare('SELECT count(*) AS n FROM accounts').get().n;
  if (accounts !== N) throw new Error(`${source} has ${accounts} accounts, BENCH_ACCOUNTS is ${N}`);
  const applied = new Set(
    db
      .prepare('SELECT name FROM d1_migrations')
      .all()
      .map((r) => r.name),
  );
  const migrations = join(ROOT, 'drizzle', 'migrations');
  for (const f of readdirSync(migrations)
    .filter((f) => f.endsWith('.sql') && !applied.has(f))
    .sort()) {
    db.exec(readFileSync(join(migrations, f), 'utf8').replaceAll('--> statement-breakpoint', ''));
    db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').run(f);
    console.log(`applied ${f} to the reused database`);
  }
  db.close();
  console.log(
    `reused ${source} (${N.toLocaleString()} accounts) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}

/** With BENCH_KEEP_DB=<path>, copies the D1 file (and its WAL) there for query profiling. */
function keepDatabase(persistDir) {
  const target = process.env.BENCH_KEEP_DB;
  if (!target) return;
  const dir = join(persistDir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(join(dir, file + suffix))) copyFileSync(join(dir, file + suffix), target + suffix);
  }
  console.log(`D1 file copied to ${target}`);
}

/** @param {number[]} values @param {number} p */
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The bench's model: the default model's seven measures (so explanations have their real size), with seat
 * activation weighted up and normalised over 0–40 % so the synthetic usage spreads over all four tiers.
 */
async function benchModel() {
  const out = await build({
    entryPoints: [join(ROOT, 'shared/health/defaults.ts')],
    bundle: true,
    format: 'esm',
    write: false,
    platform: 'neutral',
  });
  const { DEFAULT_MODEL } = await import(
    `data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`
  );
  // Its own measures, not the default model's: seat activation weighted up spreads the synthetic usage over
  // every tier (the latency of the portfolio reads is what is measured, not the model).
  const linear = (min, max) => ({ kind: 'linear', min, max, direction: 'higher' });
  return {
    ...DEFAULT_MODEL,
    measures: [
      {
        key: 'seatActivation',
        kind: 'seatActivationRate',
        windowDays: 30,
        normalisation: linear(0, 0.4),
        weight: 55,
      },
      {
        key: 'loginRate',
        kind: 'loginRate',
        windowDays: 30,
        params: { denominator: 'activatedUsers' },
        normalisation: linear(0.1, 0.8),
        weight: 10,
      },
      {
        key: 'engagedRate',
        kind: 'engagedRate',
        windowDays: 30,
        params: { minMinutes: 10 },
        normalisation: linear(0, 0.6),
        weight: 10,
      },
      {
        key: 'featureCoverage',
        kind: 'featureCoverage',
        windowDays: 30,
        normalisation: linear(0.05, 0.5),
        weight: 10,
      },
      {
        key: 'coreFeatureUsage',
        kind: 'coreFeatureUsage',
        windowDays: 30,
        normalisation: linear(0, 0.8),
        weight: 5,
      },
      {
        key: 'usageTrend',
        kind: 'trend',
        windowDays: 30,
        params: { of: 'dailyActiveUsers' },
        normalisation: linear(-0.5, 0),
        weight: 5,
      },
      {
        key: 'csmRating',
        kind: 'csmRating',
        windowDays: 30,
        params: { maxAgeDays: 180 },
        normalisation: linear(1, 5),
        weight: 5,
      },
    ],
  };
}

/** Creates the bench model and one segment per plan (as the seeded history has them), then scores today. */
async function prepare(server) {
  const ok = async (res, what) => {
    if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  // Listing segments creates the default model and segment on a fresh install.
  await ok(await server.admin('/api/segments'), 'segments');
  const config = await benchModel();
  await ok(
    await server.admin('/api/models', {
      method: 'POST',
      body: JSON.stringify({ id: 'bench', name: 'Bench', config }),
    }),
    'model',
  );
  await ok(await server.admin('/api/models/bench/publish', { method: 'POST' }), 'publish');
  for (const [i, plan] of PLANS.entries()) {
    const body = {
      id: plan,
      name: `${plan[0].toUpperCase()}${plan.slice(1)}`,
      order: i + 1,
      conditions: [{ field: 'plan', op: 'eq', value: plan }],
      modelId: 'bench',
    };
    await ok(
      await server.admin('/api/segments', { method: 'POST', body: JSON.stringify(body) }),
      `segment ${plan}`,
    );
  }
  const started = performance.now();
  const { runId } = await ok(await server.admin('/api/scoring/run', { method: 'POST' }), 'scoring run');
  let run;
  for (;;) {
    run = await ok(await server.admin(`/api/scoring/runs/${runId}`), 'run progress');
    if (run.status !== 'running') break;
    if (performance.now() - started > 10 * 60_000) throw new Error('scoring did not finish in 10 minutes');
    await sleep(500);
  }
  if (run.status !== 'done' || run.failed > 0) throw new Error(`scoring run: ${JSON.stringify(run)}`);
  console.log(
    `scored ${run.scored.toLocaleString()} accounts for ${run.period} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** Times one endpoint: warm-up, then sequential requests; checks every answer is 200 with a body. */
async function measure(server, path) {
  const once = async () => {
    const t = performance.now();
    const res = await server.admin(path);
    const body = await res.text();
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 500)}`);
    return { ms, bytes: body.length, body };
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const ms = [];
  let sample;
  for (let i = 0; i < REQUESTS; i++) {
    const r = await once();
    ms.push(r.ms);
    sample = r;
  }
  return { median: percentile(ms, 50), p95: percentile(ms, 95), bytes: sample.bytes, body: sample.body };
}

/**
 * The model studio's live preview (issue 14): the bench model's draft with its first two weights swapped, scored
 * beside the published version on every account of its segments, target ≤ 2 s for 10,000 accounts.
 */
async function measurePreview(server) {
  const draft = await benchModel();
  [draft.measures[0].weight, draft.measures[1].weight] = [draft.measures[1].weight, draft.measures[0].weight];
  const previewMs = [];
  let preview;
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    const res = await server.admin('/api/models/bench/preview', {
      method: 'POST',
      body: JSON.stringify({ config: draft }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`preview: ${res.status} ${text.slice(0, 500)}`);
    // The first answer warms the isolate up; the next five are timed.
    if (i > 0) previewMs.push(performance.now() - t);
    preview = JSON.parse(text);
  }
  const previewMax = Math.max(...previewMs);
  console.log(
    `\nmodel preview (POST /api/models/bench/preview, ${preview.accounts.toLocaleString()} accounts, ${preview.moversTotal} movers): ` +
      `median ${percentile(previewMs, 50).toFixed(0)} ms, max ${previewMax.toFixed(0)} ms of 5 (server ${preview.elapsedMs} ms)  ` +
      `≤ 2000 ms: ${previewMax <= 2000 ? 'PASS' : 'MISS'}`,
  );
}

const ENDPOINTS = [
  { name: 'dashboard', path: '/api/dashboard', target: true },
  { name: 'dashboard, one owner', path: `/api/dashboard?owner=csm-3@bench.test`, target: true },
  { name: 'dashboard, one segment', path: '/api/dashboard?segment=pro', target: true },
  { name: 'accounts by score', path: '/api/accounts?sort=-score', target: true },
  { name: 'red accounts by change', path: '/api/accounts?tier=red&sort=change', target: true },
  { name: 'accounts search', path: '/api/accounts?q=Bench%2012', target: true },
  { name: 'accounts by renewal', path: '/api/accounts?sort=renewal', target: true },
  { name: 'accounts in renewal', path: '/api/accounts?stage=renewal', target: true },
  {
    name: 'accounts, owner + stage',
    path: '/api/accounts?owner=csm-3@bench.test&stage=renewal&sort=renewal',
    target: true,
  },
  { name: 'account insight', path: `/api/accounts/bench-${PAGE_ACCOUNT}/insight` },
  { name: 'account activity (90 d)', path: `/api/accounts/bench-${PAGE_ACCOUNT}/activity` },
  { name: 'account timeline', path: `/api/accounts/bench-${PAGE_ACCOUNT}/timeline` },
  {
    name: 'metrics, last month',
    path: `/api/metrics?from=${lastMonth.from}&to=${lastMonth.to}`,
    target: true,
  },
  {
    name: 'metrics, last quarter',
    path: `/api/metrics?from=${lastQuarter.from}&to=${lastQuarter.to}`,
    target: true,
  },
  { name: 'metrics, 12 months', path: `/api/metrics?from=${lastYear.from}&to=${lastYear.to}`, target: true },
  {
    name: 'metrics, 12 months, pro',
    path: `/api/metrics?from=${lastYear.from}&to=${lastYear.to}&segment=pro`,
    target: true,
  },
  {
    name: 'metrics, 12 months, owner',
    path: `/api/metrics?from=${lastYear.from}&to=${lastYear.to}&owner=csm-3@bench.test`,
    target: true,
  },
  { name: 'expansion candidates', path: '/api/metrics/expansion-candidates' },
  { name: 'account revenue', path: `/api/accounts/bench-${PAGE_ACCOUNT}/revenue` },
];

console.log(
  `bench:api — ${N.toLocaleString()} accounts, ${OWNERS} CSMs, ${PERIODS} earlier daily periods + today; ` +
    `${REQUESTS} sequential requests per endpoint after ${WARMUP} warm-up`,
);
const REUSE = !!process.env.BENCH_REUSE_DB;
const server = await startDevServer({ beforeStart: REUSE ? reuseDatabase : seed, startTimeoutMs: 120_000 });
const results = [];
try {
  // A reused database was seeded and scored today by the run that kept it.
  if (!REUSE) await prepare(server);
  const only = process.env.BENCH_ONLY?.split(',');
  // The same-run baseline: a route that touches no data, so each endpoint's p95 can also be read as a ratio
  // to it (what `npm run bench:smoke` gates: milliseconds on a shared machine are not comparable between runs).
  const health = await measure(server, '/api/health');
  for (const e of ENDPOINTS.filter((x) => !only || only.some((o) => x.name.includes(o)))) {
    const r = await measure(server, e.path);
    results.push({ ...e, ...r });
    console.log(`  measured ${e.name}`);
  }
  const exportStart = performance.now();
  const csv = await (await server.admin('/api/accounts/export.csv')).text();
  const exportMs = performance.now() - exportStart;
  const dashboard = results[0]?.path === '/api/dashboard' ? JSON.parse(results[0].body) : null;
  if (dashboard)
    console.log(
      `\ndashboard: period ${dashboard.period}, ${dashboard.tierHistory.length} history points, ` +
        `tiers ${dashboard.tiers.map((t) => `${t.key} ${t.count}`).join(', ')}, unscored ${dashboard.unscored}, ` +
        `${dashboard.wins.length}/${dashboard.saves.length} wins/saves listed; bytes by key: ` +
        Object.entries(dashboard)
          .map(([k, v]) => `${k} ${JSON.stringify(v).length}`)
          .join(', '),
    );
  const metrics = results.filter((e) => e.path.startsWith('/api/metrics?'));
  if (process.env.BENCH_BODIES)
    writeFileSync(
      process.env.BENCH_BODIES,
      `${JSON.stringify(Object.fromEntries(metrics.map((r) => [r.name, JSON.parse(r.body)])), null, 1)}\n`,
    );
  for (const r of metrics) {
    const m = JSON.parse(r.body);
    console.log(
      `${r.name}: ${m.from}…${m.to}, customers ${m.counts.activeAtStart} + ${m.counts.added} − ${m.counts.churned}, ` +
        `renewals due ${m.counts.renewalsDue} (${m.counts.pendingRenewals} pending), ${m.counts.tickets} tickets, ` +
        `MRR ${m.mrrMinor}, NRR ${m.nrr?.toFixed(3)}, wins/saves ${m.attribution.wins}/${m.attribution.saves}`,
    );
  }
  console.log(
    `\n${'endpoint'.padEnd(26)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'bytes'.padStart(8)}  target`,
  );
  for (const r of results) {
    const verdict = r.target ? (r.p95 <= TARGET_P95_MS ? 'PASS' : 'MISS') : '';
    console.log(
      `${r.name.padEnd(26)} ${`${r.median.toFixed(1)} ms`.padStart(8)} ${`${r.p95.toFixed(1)} ms`.padStart(8)} ${String(r.bytes).padStart(8)}  ${r.target ? `p95 ≤ ${TARGET_P95_MS} ms: ${verdict}` : ''}`,
    );
  }
  console.log(
    `${'health (baseline)'.padEnd(26)} ${`${health.median.toFixed(1)} ms`.padStart(8)} ${`${health.p95.toFixed(1)} ms`.padStart(8)} ${String(health.bytes).padStart(8)}`,
  );
  console.log(
    `export.csv (all ${(csv.split('\r\n').length - 1).toLocaleString()} rows, one request): ${exportMs.toFixed(0)} ms, ${csv.length.toLocaleString()} bytes`,
  );
  if (segmentAverages) {
    const s = segmentAverages;
    console.log(
      `\nsegment averages (node:sqlite on the seeded file, segment "${s.segment}" of ${s.accounts.toLocaleString()} accounts):\n` +
        `  per request with json_each: ${s.live.toFixed(1)} ms; stored once per run: ${s.stored.toFixed(2)} ms to read, ` +
        `${s.all.toFixed(1)} ms to compute for every segment at the end of a run`,
    );
  }
  if (!only || only.includes('preview')) await measurePreview(server);
  keepDatabase(server.persistDir);
  // Machine-readable, for `npm run bench` (test/bench/all.mjs): the worst p95 of the targeted endpoints.
  const targeted = results.filter((r) => r.target);
  const p95Ms = targeted.length ? Math.round(Math.max(...targeted.map((r) => r.p95)) * 10) / 10 : null;
  console.log(
    JSON.stringify({
      api: {
        accounts: N,
        p95Ms,
        p95MsAt100k: N >= 100_000 ? p95Ms : null,
        healthP95Ms: Math.round(health.p95 * 100) / 100,
        p95Ratio: p95Ms === null ? null : Math.round((p95Ms / health.p95) * 100) / 100,
        // The same with medians (steadier on a busy machine).
        p50Ratio: targeted.length
          ? Math.round((Math.max(...targeted.map((r) => r.median)) / health.median) * 100) / 100
          : null,
        endpoints: Object.fromEntries(
          results.map((r) => [
            r.name,
            { p50: Math.round(r.median * 10) / 10, p95: Math.round(r.p95 * 10) / 10 },
          ]),
        ),
      },
    }),
  );
} finally {
  await server.stop();
}
