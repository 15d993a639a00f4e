#!/usr/bin/env node
// `npm run bench`: the benchmark suite. Runs the ingest, scoring, api, load and storage benchmarks one after
// the other as child processes (each starts its own wrangler dev where it needs one), passes their human
// output through prefixed with the bench's name, reads the machine-readable JSON line each prints last, and
// writes bench/results.json:
//   { commit, dirty, smoke, startedAt, seconds, loadAverage, node,
//     ingest: { ratio, eventsPerSec, drainEventsPerSec, sent, counted, rolledUp, failures, non200 },
//     scoring: { accounts, failed, accountsPerSec, coreAccountsPerSec, queriesPer1000 },
//     api: { p95Ms, p95MsAt100k, healthP95Ms, p95Ratio, p50Ratio },
//     load: { seconds, requests, errors5xx, sent, counted, adminToIngestP95 },
//     storage: { snapshotBytesPerAccountDay, snapshotBytesPerAccountDayWritePath, rollupBytesPerAccountDay },
//     failed: [names of the benches that exited non-zero or printed no JSON line] }
// A bench that was skipped or failed is null. Exits 1 when any bench failed.
//
// Env: BENCH_SMOKE=1 makes every bench small and short (a minute or two each; checks the suite works, the
// numbers mean little); BENCH_SUITE=ingest,load runs only those; BENCH_API_100K=1 also runs the api bench on
// 100,000 accounts for `api.p95MsAt100k` (slow: seeding and scoring 100k accounts; BENCH_API_100K_DB=<path>
// starts that run from a database an earlier one kept with BENCH_KEEP_DB, see test/bench/api.mjs). Any other BENCH_* variable
// is passed through to every bench (see each script's header), except where smoke mode sets it.
// BENCH_RESULTS=<path> writes the results there instead (`npm run bench:smoke` keeps bench/results.json for
// the full-size suite the README quotes).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { ROOT } from '../support/dev-server.mjs';

const SMOKE = process.env.BENCH_SMOKE === '1';
const only = process.env.BENCH_SUITE?.split(',').map((s) => s.trim());

/**
 * @typedef {object} Bench
 * @property {string} name its key in results.json
 * @property {string[]} args node arguments
 * @property {Record<string, string>} smoke env in smoke mode
 * @property {Record<string, string>} [env] env always
 * @property {(json: any) => Record<string, unknown>} pick the results.json entry from its JSON line
 */

/** @type {Bench[]} */
const BENCHES = [
  {
    name: 'ingest',
    args: ['test/bench/ingest.mjs'],
    smoke: {
      BENCH_SECONDS: '2',
      BENCH_ROUNDS: '1',
      BENCH_WARMUP_SECONDS: '1',
      BENCH_CONCURRENCY: '8',
    },
    pick: (j) => ({
      ratio: j.ratio,
      eventsPerSec: j.eventsPerSec,
      drainEventsPerSec: j.drainEventsPerSec,
      sent: j.sent,
      counted: j.counted,
      rolledUp: j.rolledUp,
      failures: j.failures,
      non200: j.non200,
    }),
  },
  {
    name: 'scoring',
    args: ['--expose-gc', 'test/bench/scoring.mjs'],
    smoke: { BENCH_ACCOUNTS: '500' },
    pick: (j) => ({
      accounts: j.accounts,
      failed: j.failed,
      accountsPerSec: j.accountsPerSec,
      coreAccountsPerSec: j.coreAccountsPerSec,
      queriesPer1000: j.queriesPer1000,
    }),
  },
  {
    name: 'api',
    args: ['test/bench/api.mjs'],
    // The targeted endpoints only (what the ratios gate), 40 requests each: enough for a p95 steady enough to
    // gate CI as a ratio (test/bench/compare.mjs).
    smoke: {
      BENCH_ACCOUNTS: '500',
      BENCH_PERIODS: '2',
      BENCH_REQUESTS: '40',
      BENCH_WARMUP: '5',
      BENCH_ONLY: 'dashboard,accounts,metrics',
    },
    pick: (j) => ({
      p95Ms: j.p95Ms,
      p95MsAt100k: j.p95MsAt100k,
      healthP95Ms: j.healthP95Ms,
      p95Ratio: j.p95Ratio,
      p50Ratio: j.p50Ratio,
    }),
  },
  {
    name: 'load',
    args: ['test/bench/load.mjs'],
    smoke: { BENCH_SMOKE: '1' },
    pick: (j) => ({
      seconds: j.seconds,
      requests: j.requests,
      errors5xx: j.errors5xx,
      sent: j.sent,
      counted: j.counted,
      adminToIngestP95: j.adminToIngestP95,
    }),
  },
  {
    name: 'storage',
    args: ['test/bench/storage.mjs'],
    smoke: { BENCH_ACCOUNTS: '200', BENCH_PERIODS: '3' },
    pick: (j) => ({
      snapshotBytesPerAccountDay: j.snapshotBytesPerAccountDay,
      snapshotBytesPerAccountDayWritePath: j.snapshotBytesPerAccountDayWritePath,
      rollupBytesPerAccountDay: j.rollupBytesPerAccountDay,
    }),
  },
];

/**
 * Runs one bench to completion, echoing its output line by line with a prefix.
 * @param {string} name
 * @param {string[]} args
 * @param {Record<string, string>} env
 * @returns {Promise<{ code: number | null, json: any }>} its exit code and its last JSON line (or null)
 */
function runBench(name, args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    /** @type {any} */
    let json = null;
    /** @param {NodeJS.WriteStream} out */
    const lines = (out) => {
      let rest = '';
      return (/** @type {Buffer} */ chunk) => {
        const parts = (rest + chunk.toString()).split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) {
          out.write(`[${name}] ${line}\n`);
          if (line.startsWith('{')) {
            try {
              json = JSON.parse(line);
            } catch {}
          }
        }
      };
    };
    child.stdout.on('data', lines(process.stdout));
    child.stderr.on('data', lines(process.stderr));
    child.on('exit', (code) => resolve({ code, json }));
  });
}

/** @returns {{ commit: string | null, dirty: boolean }} */
function gitState() {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return { commit, dirty: status.trim() !== '' };
  } catch {
    return { commit: null, dirty: false };
  }
}

const startedAt = new Date();
const t0 = performance.now();
/** @type {Record<string, any>} */
const results = {
  ...gitState(),
  smoke: SMOKE,
  startedAt: startedAt.toISOString(),
  seconds: 0,
  loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  node: process.version,
};
/** @type {string[]} */
const failed = [];
for (const bench of BENCHES) {
  results[bench.name] = null;
  if (only && !only.includes(bench.name)) continue;
  const env = { ...bench.env, ...(SMOKE ? bench.smoke : {}) };
  console.log(
    `\n=== ${bench.name}${
      Object.keys(env).length
        ? ` (${Object.entries(env)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')})`
        : ''
    }`,
  );
  const started = performance.now();
  const { code, json } = await runBench(bench.name, bench.args, env);
  const entry = json && typeof json === 'object' ? (json[bench.name] ?? json) : null;
  if (code !== 0 || !entry) failed.push(bench.name);
  results[bench.name] = entry ? bench.pick(entry) : null;
  console.log(
    `=== ${bench.name}: exit ${code} in ${((performance.now() - started) / 1000).toFixed(0)} s${entry ? '' : ', no JSON line'}`,
  );
  if (bench.name === 'api' && process.env.BENCH_API_100K === '1' && results.api) {
    console.log('\n=== api at 100,000 accounts');
    const big = await runBench('api-100k', bench.args, {
      ...env,
      BENCH_ACCOUNTS: '100000',
      ...(process.env.BENCH_API_100K_DB ? { BENCH_REUSE_DB: process.env.BENCH_API_100K_DB } : {}),
    });
    if (big.code !== 0 || !big.json?.api) failed.push('api-100k');
    results.api.p95MsAt100k = big.json?.api?.p95Ms ?? null;
  }
}
results.seconds = Math.round((performance.now() - t0) / 1000);
results.failed = failed;
const out = resolve(ROOT, process.env.BENCH_RESULTS || 'bench/results.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${relative(ROOT, out)}${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
console.log(JSON.stringify(results));
process.exit(failed.length ? 1 : 0);
