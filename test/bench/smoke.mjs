#!/usr/bin/env node
// `npm run bench:smoke`: the benchmark suite small and short (`BENCH_SMOKE=1 npm run bench`, results in
// bench/smoke-results.json), then the regression gate: every figure of test/bench/compare.mjs against
// bench/baseline.json, printed as a table (baseline, now, how many times worse, verdict). Exits 1 when a
// bench failed or lost something (events sent ≠ counted, 5xx, accounts not scored) or a figure is more than
// 2× worse than its baseline. CI runs it after `npm test` (.ci/run).
//
//   node test/bench/smoke.mjs                          run the smoke suite and compare
//   node test/bench/smoke.mjs --compare <results.json>  compare an existing results file only
//   node test/bench/smoke.mjs --baseline <a.json> …     write bench/baseline.json: the median of each figure
//                                                        over those smoke results files
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { ROOT } from '../support/dev-server.mjs';
import { checksOf, compareFigures, figuresOf, medianFigures, report } from './compare.mjs';

const BASELINE = join(ROOT, 'bench', 'baseline.json');
const SMOKE_RESULTS = join(ROOT, 'bench', 'smoke-results.json');
const [mode, ...files] = process.argv.slice(2);
const readJson = (/** @type {string} */ path) => JSON.parse(readFileSync(path, 'utf8'));

if (mode === '--baseline') {
  if (files.length === 0) throw new Error('--baseline needs the smoke results files to take the median of');
  const runs = files.map((f) => readJson(resolve(f)));
  for (const [i, r] of runs.entries()) {
    const failing = checksOf(r).filter((c) => !c.pass);
    if (!r.smoke || failing.length)
      throw new Error(
        `${files[i]}: not a passing smoke run (${failing.map((c) => c.check).join('; ') || 'smoke: false'})`,
      );
  }
  const baseline = {
    about:
      'Median of each gated figure over smoke runs (BENCH_SMOKE=1) on the development machine; written by `node test/bench/smoke.mjs --baseline`.',
    commits: [...new Set(runs.map((r) => r.commit))],
    runs: runs.map((r) => ({ startedAt: r.startedAt, loadAverage: r.loadAverage, seconds: r.seconds })),
    figures: medianFigures(runs.map(figuresOf)),
  };
  writeFileSync(BASELINE, `${JSON.stringify(baseline, null, 2)}\n`);
  console.log(`wrote ${relative(ROOT, BASELINE)} from ${runs.length} run(s):`, baseline.figures);
  process.exit(0);
}

let suiteFailed = false;
let resultsPath = SMOKE_RESULTS;
if (mode === '--compare') {
  if (!files[0]) throw new Error('--compare needs a results file');
  resultsPath = resolve(files[0]);
} else {
  if (mode) throw new Error(`unknown argument ${mode}`);
  console.log(
    `bench smoke: load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [join(ROOT, 'test/bench/all.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, BENCH_SMOKE: '1', BENCH_RESULTS: SMOKE_RESULTS },
  });
  suiteFailed = run.status !== 0;
  console.log(
    `\nbench smoke: suite exit ${run.status ?? run.signal} in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
}

const results = readJson(resultsPath);
const baseline = existsSync(BASELINE) ? readJson(BASELINE) : { figures: {} };
const checks = checksOf(results);
if (!existsSync(BASELINE)) checks.push({ check: `${relative(ROOT, BASELINE)} exists`, pass: false });
if (!results.smoke) checks.push({ check: 'the results come from a smoke run (BENCH_SMOKE=1)', pass: false });
if (suiteFailed) checks.push({ check: 'the suite exited 0', pass: false });
const { lines, pass } = report(compareFigures(baseline.figures, figuresOf(results)), checks);
console.log(`\n${relative(ROOT, resultsPath)} against ${relative(ROOT, BASELINE)}:`);
for (const line of lines) console.log(line);
process.exit(pass ? 0 : 1);
