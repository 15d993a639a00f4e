#!/usr/bin/env node
// `npm run bench:scoring`: N accounts (default 100,000) with 90 days of rollups in local D1, a full scoring
// pass through the worker (wrangler dev: queue fan-out, D1 loads and writes), and in the same run the pure
// core scoring the same data in Node. Prints accounts/s end to end, D1 statements per 1,000 accounts and the
// core's accounts/s (median of 5 passes). Env: BENCH_ACCOUNTS.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { build } from 'esbuild';
import { ROOT, sleep, startDevServer } from '../support/dev-server.mjs';
import { accountInput, CATALOG, seedSql } from './scoring-data.mjs';

const N = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const TARGET_WORKER = 2_000;
const TARGET_CORE = 200_000;
const now = Date.now();
const period = new Date(now).toISOString().slice(0, 10);
const asOfDay = new Date(now - 86_400_000).toISOString().slice(0, 10);

/** The pure core, bundled from shared/ so Node runs the exact code the worker runs. */
async function loadCore() {
  const out = await build({
    entryPoints: [join(ROOT, 'shared/health/index.ts')],
    bundle: true,
    format: 'esm',
    write: false,
    platform: 'neutral',
  });
  const code = out.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

function seed(persistDir) {
  const dir = join(persistDir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (!file) throw new Error(`no D1 database file in ${dir}`);
  const db = new DatabaseSync(join(dir, file));
  const t = performance.now();
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('BEGIN');
  db.exec(seedSql(N, asOfDay));
  db.exec('COMMIT');
  const counts = db
    .prepare(`SELECT (SELECT count(*) FROM account_days) AS days, (SELECT count(*) FROM account_feature_days) AS featureDays,
                     (SELECT count(*) FROM user_days) AS userDays, (SELECT count(*) FROM users) AS users`)
    .get();
  db.close();
  console.log(`seeded ${N.toLocaleString()} accounts in ${((performance.now() - t) / 1000).toFixed(1)} s:`, {
    ...counts,
  });
}

async function workerPass() {
  const server = await startDevServer({ beforeStart: seed, startTimeoutMs: 120_000 });
  try {
    const started = performance.now();
    const res = await server.admin('/api/scoring/run', { method: 'POST' });
    if (res.status !== 202) throw new Error(`run: ${res.status} ${await res.text()}`);
    const { runId } = await res.json();
    let run;
    for (;;) {
      run = await (await server.admin(`/api/scoring/runs/${runId}`)).json();
      if (run.status !== 'running') break;
      if (performance.now() - started > 30 * 60_000) throw new Error('scoring did not finish in 30 minutes');
      await sleep(500);
    }
    const seconds = (performance.now() - started) / 1000;
    return { seconds, run };
  } finally {
    await server.stop();
  }
}

async function corePass(core) {
  const scorer = core.compileModel(core.DEFAULT_MODEL);
  const ctx = { asOfDay, now, catalog: CATALOG, benchmarks: null, segmentId: 'default' };
  const chunk = 10_000;
  const passes = 5;
  const ms = new Array(passes).fill(0);
  let checksum = 0;
  for (let start = 1; start <= N; start += chunk) {
    const inputs = [];
    for (let i = start; i < Math.min(N + 1, start + chunk); i++) inputs.push(accountInput(i, asOfDay));
    // Collect the generator's garbage now, so it is not charged to the scorer.
    globalThis.gc?.();
    for (let pass = 0; pass < passes; pass++) {
      const t = performance.now();
      for (const input of inputs) checksum += scorer.score(input, ctx).score ?? 0;
      ms[pass] += performance.now() - t;
    }
  }
  const sorted = [...ms].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(passes / 2)], checksum };
}

const core = await loadCore();
console.log(`bench:scoring — ${N.toLocaleString()} accounts, period ${period}, windows ending ${asOfDay}`);
// The core first, on a machine not yet busy with wrangler.
const coreResult = await corePass(core);
const worker = await workerPass();
const workerRate = worker.run.scored / worker.seconds;
const coreRate = (N / coreResult.medianMs) * 1000;
const perThousand = (worker.run.d1Queries / Math.max(1, worker.run.scored)) * 1000;
console.log(`
worker end to end : ${worker.run.scored.toLocaleString()} scored, ${worker.run.failed} failed in ${worker.seconds.toFixed(1)} s → ${Math.round(workerRate).toLocaleString()} accounts/s  [target ≥ ${TARGET_WORKER.toLocaleString()}: ${workerRate >= TARGET_WORKER ? 'PASS' : 'MISS'}]
D1 statements     : ${worker.run.d1Queries.toLocaleString()} → ${perThousand.toFixed(1)} per 1,000 accounts
100k extrapolated : ${(100_000 / workerRate / 60).toFixed(1)} min of the 15-minute cron limit
pure core (Node)  : median of 5 passes ${coreResult.medianMs.toFixed(0)} ms → ${Math.round(coreRate).toLocaleString()} accounts/s  [target ≥ ${TARGET_CORE.toLocaleString()}: ${coreRate >= TARGET_CORE ? 'PASS' : 'MISS'}]
core / worker     : ${(coreRate / workerRate).toFixed(0)}× (the worker's time is D1 and the queue)`);
// Machine-readable, for `npm run bench` (test/bench/all.mjs).
console.log(
  JSON.stringify({
    scoring: {
      accounts: worker.run.scored,
      failed: worker.run.failed,
      accountsPerSec: Math.round(workerRate),
      coreAccountsPerSec: Math.round(coreRate),
      queriesPer1000: Math.round(perThousand * 10) / 10,
    },
  }),
);
