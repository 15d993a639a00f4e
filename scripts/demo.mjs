#!/usr/bin/env node
// `npm run demo`: loads the demo workspace into the running local instance (`npm start`) through its public
// APIs — events with the project's SDK, records through the admin API, answers through survey links, history
// through the product's backfill. `npm run demo -- --remove` removes it. Options: --host URL, --seed N.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const base = option(
  'host',
  process.env.KEEPWELL_HOST ?? `http://localhost:${process.env.PORT ?? '8787'}`,
).replace(/\/+$/, '');
const seed = Number(option('seed', '2026'));

function adminToken() {
  const file = join(root, '.dev.vars');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const match = /^ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?\s*$/m.exec(text);
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  if (!match) throw new Error('no ADMIN_TOKEN in .dev.vars: run `npm start` first');
  return match[1];
}

/** The TypeScript generator, loader and SDK, bundled once for Node (their imports have no extensions). */
async function loadModules() {
  const dir = mkdtempSync(join(tmpdir(), 'keepwell-demo-'));
  const outfile = join(dir, 'demo.mjs');
  await build({
    stdin: {
      contents: `export { generateDemo } from './shared/demo/generate';
export { loadDemo } from './shared/demo/load';
export { createKeepwell } from './sdk/src/index';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error',
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const token = adminToken();
const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };

async function api(method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Answers a survey link through the public survey page's API, waiting out its per-address rate limit. */
async function answerSurvey(url, answer) {
  const linkToken = url.slice(url.lastIndexOf('/s/') + 3);
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${base}/api/public/surveys/${linkToken}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(answer),
    });
    if (res.status === 429 && attempt < 10) {
      await sleep(Number(res.headers.get('Retry-After') ?? '5') * 1000);
      continue;
    }
    if (!res.ok) throw new Error(`survey answer: ${res.status} ${await res.text()}`);
    return;
  }
}

function bar(p, startedMs) {
  const width = 30;
  const filled = Math.round(p.overall * width);
  const seconds = ((Date.now() - startedMs) / 1000).toFixed(0);
  const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(p.overall * 100)).padStart(3)}%  ${p.phase.padEnd(11)} ${p.done}/${p.total}  ${seconds}s`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
  else if (bar.last !== p.phase) console.log(line);
  bar.last = p.phase;
}

try {
  await api('GET', '/api/health');
} catch {
  console.error(`Keepwell does not answer on ${base}: start it with \`npm start\` first (or pass --host).`);
  process.exit(1);
}

if (args.includes('--remove')) {
  const { accounts, removed } = await api('DELETE', '/api/demo');
  const rows = Object.values(removed).reduce((n, v) => n + v, 0);
  console.log(`Removed the demo data: ${accounts} accounts, ${rows} rows in all. Real data was not touched.`);
  process.exit(0);
}

const status = await api('GET', '/api/demo');
if (status.loaded) {
  console.error('Demo data is already loaded. Remove it first: npm run demo -- --remove');
  process.exit(1);
}

const startedMs = Date.now();
const { generateDemo, loadDemo, createKeepwell } = await loadModules();
const today = new Date().toISOString().slice(0, 10);
const ws = generateDemo({ seed, today });
console.log(
  `Loading the demo workspace into ${base}: ${ws.accounts.length} accounts, ${ws.users.length} users, ${ws.usage.length} usage events over ${ws.days} days (seed ${seed}).`,
);
const result = await loadDemo(
  ws,
  {
    api,
    answerSurvey,
    sleep,
    sdk: (writeKey) =>
      createKeepwell({
        writeKey,
        host: base,
        flushAt: 1000,
        maxQueueSize: 100_000,
        flushInterval: 60_000,
        onError: (e) => console.error(`\n${e.message}`),
      }),
  },
  { onProgress: (p) => bar(p, startedMs) },
);
const seconds = ((Date.now() - startedMs) / 1000).toFixed(1);
console.log(`
Demo loaded in ${seconds} s: ${result.accounts} accounts, ${result.events} events, ${result.contracts} contracts,
${result.surveyAnswers} survey answers, ${result.historyDays} days of score history. Open ${base}/ to explore.
Remove it at any time with \`npm run demo -- --remove\` (or "Remove demo data" on the dashboard).`);
