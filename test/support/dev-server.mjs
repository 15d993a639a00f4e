// A real `wrangler dev` server for end-to-end tests and benchmarks: its own port, its own persisted D1
// state in a temp dir, migrations applied, a random admin token. Plain ESM + JSDoc so both vitest (TS)
// and plain Node scripts (test/bench) import it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (wrangler.toml lives here). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRANGLER_BIN = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const ASSETS_DIR = join(ROOT, 'web', 'dist');
const MAX_OUTPUT_CHARS = 64 * 1024;

/**
 * @typedef {object} DevServerOptions
 * @property {Record<string, string>} [vars] Extra `--var KEY:VALUE` bindings (e.g. `{ RAW_RETENTION_DAYS: '40' }`).
 * @property {string} [main] The Worker entry to serve instead of wrangler.toml's `main`, relative to the repo
 *   root: the benchmark's `worker/bench/index.ts` (the production Worker plus the bench-only routes).
 * @property {number} [startTimeoutMs] How long to wait for `/api/health` (default 60 s).
 * @property {boolean} [echo] Print wrangler's output as it comes (default: env `KEEPWELL_E2E_ECHO=1`).
 * @property {(text: string) => void} [onOutput] Called with every chunk of wrangler's stdout/stderr.
 * @property {(persistDir: string) => void | Promise<void>} [beforeStart] Runs after the migrations and before
 *   wrangler dev starts, e.g. to seed the local D1 file directly (the benchmarks do).
 * @property {(toml: string) => string} [transformConfig] Edits the wrangler.toml snapshot before use
 *   (e.g. a different rate limit); ignored with `watch`.
 * @property {boolean} [watch] Serve the live sources (wrangler's default: rebuild and reload on every
 *   change to the worker's sources, wrangler.toml or web/dist). Default false: wrangler.toml and web/dist
 *   are copied and the worker bundled (`wrangler deploy --dry-run`) once at start, and that snapshot is
 *   served with `--no-bundle`, so edits made while tests run cannot reload the server mid-test (a reload
 *   drops in-flight queue messages).
 */

/**
 * @typedef {object} DevServer
 * @property {string} url Base URL, e.g. `http://127.0.0.1:43123` (no trailing slash).
 * @property {string} adminToken The random `ADMIN_TOKEN` the server was started with.
 * @property {string} persistDir The temp directory holding this server's D1/queue state (`--persist-to`).
 * @property {() => string} output The last 64 KB of wrangler's stdout+stderr (for error messages).
 * @property {(path: string, init?: RequestInit) => Promise<Response>} admin `fetch(url + path)` with the
 *   admin bearer token (and `Content-Type: application/json` when a body is given).
 * @property {() => Promise<void>} stop Stops wrangler (its whole process group) and deletes its temp
 *   directories (`persistDir` and the bundle).
 */

/**
 * Polls `fn` until it returns without throwing and its result is not `false`; resolves with that result.
 * On timeout it throws the last error (e.g. a failed `expect`) so the failure shows what was last seen.
 * @template T
 * @param {() => T | Promise<T>} fn
 * @param {{ timeoutMs?: number, intervalMs?: number, message?: string }} [opts]
 * @returns {Promise<Exclude<T, false>>}
 * @example const acct = await waitFor(async () => { const r = await server.admin('/api/accounts/acme'); expect(r.status).toBe(200); return r.json(); }, { timeoutMs: 30_000 })
 */
export async function waitFor(fn, opts = {}) {
  const { timeoutMs = 30_000, intervalMs = 250, message = 'waitFor timed out' } = opts;
  const deadline = Date.now() + timeoutMs;
  /** @type {unknown} */
  let lastError;
  for (;;) {
    try {
      const value = await fn();
      if (value !== false) return /** @type {Exclude<T, false>} */ (value);
      lastError = new Error('condition returned false');
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? lastError.message : String(lastError);
      const error = new Error(`${message} after ${timeoutMs} ms; last result: ${detail}`, {
        cause: lastError,
      });
      throw error;
    }
    await sleep(intervalMs);
  }
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for `promise` at most `ms` (without keeping the process alive afterwards).
 * @param {Promise<unknown>} promise
 * @param {number} ms
 */
async function withTimeout(promise, ms) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * A free TCP port on 127.0.0.1 (bind to port 0, read it, release it).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

function wranglerEnv() {
  return {
    ...process.env,
    CI: 'true',
    WRANGLER_SEND_METRICS: 'false',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
}

function checkPrerequisites() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) {
    throw new Error(
      `wrangler needs Node >= 22.12 but this is Node ${process.versions.node} (${process.execPath}). ` +
        'Run through npm scripts or npx (e.g. `npm run test:e2e`, `npm run bench:ingest`), which put the ' +
        "project's Node 24 (the `node` devDependency) first on PATH.",
    );
  }
  if (!existsSync(WRANGLER_BIN)) throw new Error(`wrangler is not installed (${WRANGLER_BIN}): run npm ci`);
  if (!existsSync(ASSETS_DIR)) {
    throw new Error(
      `${ASSETS_DIR} is missing: wrangler.toml serves it as [assets]. Run \`npm run build:web\` first ` +
        '(`npm test` builds it).',
    );
  }
}

/**
 * Freezes what the server runs: copies wrangler.toml into `dir` (with its relative paths made absolute)
 * and web/dist into `dir/assets`, so edits to either while tests run do not reload the server.
 * @param {string} dir
 * @param {(toml: string) => string} [transform]
 * @returns {string} the config path
 */
function snapshotConfig(dir, transform = (/** @type {string} */ toml) => toml) {
  const assetsDir = join(dir, 'assets');
  cpSync(ASSETS_DIR, assetsDir, { recursive: true });
  const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8').replace(
    /^(\s*(main|directory|migrations_dir|tsconfig|bucket|cwd|watch_dir)\s*=\s*)(["'])([^"']+)\3/gm,
    (_line, lhs, key, quote, value) => {
      const target = key === 'directory' ? assetsDir : isAbsolute(value) ? value : resolve(ROOT, value);
      return `${lhs}${quote}${target}${quote}`;
    },
  );
  const configPath = join(dir, 'wrangler.toml');
  writeFileSync(configPath, transform(toml));
  return configPath;
}

/**
 * Runs `wrangler <args>` to completion from the repo root, rejecting with its output on failure.
 * @param {string[]} args
 * @param {number} timeoutMs
 * @returns {Promise<string>}
 */
function runWrangler(args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER_BIN, ...args], {
      cwd: ROOT,
      env: wranglerEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    const collect = (/** @type {Buffer} */ chunk) => {
      out = (out + chunk.toString()).slice(-MAX_OUTPUT_CHARS);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      killGroup(child.pid, 'SIGKILL');
      reject(new Error(`wrangler ${args.join(' ')} timed out after ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`wrangler ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${out}`));
    });
  });
}

/**
 * @param {number | undefined} pid
 * @param {NodeJS.Signals} signal
 * @returns {boolean} whether the group still existed
 */
function killGroup(pid, signal) {
  if (!pid) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** @param {number} pid */
function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A tiny detached watchdog: if this process dies without cleaning up (SIGKILL, a killed vitest worker),
 * it kills wrangler's process group. It exits by itself once the group is gone.
 * @param {number} pgid
 * @param {string} dir removed too
 */
function spawnReaper(pgid, dir) {
  const code = `
    const [pgid, parent] = process.argv.slice(1, 3).map(Number);
    const dir = process.argv[3];
    const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    const timer = setInterval(() => {
      if (!alive(-pgid)) process.exit(0);
      if (!alive(parent)) {
        clearInterval(timer);
        try { process.kill(-pgid, 'SIGTERM'); } catch {}
        setTimeout(() => {
          try { process.kill(-pgid, 'SIGKILL'); } catch {}
          try { require('node:fs').rmSync(dir, { recursive: true, force: true }); } catch {}
          process.exit(0);
        }, 3000);
      }
    }, 500);`;
  const reaper = spawn(process.execPath, ['-e', code, String(pgid), String(process.pid), dir], {
    detached: true,
    stdio: 'ignore',
  });
  reaper.unref();
  return reaper;
}

/** Process groups still running, killed synchronously if this process exits without calling stop(). */
const liveGroups = new Set();
let exitHandlerInstalled = false;
function installExitHandler() {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  });
}

/**
 * Starts `wrangler dev` on a free 127.0.0.1 port with fresh persisted state: applies the D1 migrations,
 * bundles the worker (unless `watch`), then waits for `GET /api/health`.
 * @param {DevServerOptions} [opts]
 * @returns {Promise<DevServer>}
 * @example const server = await startDevServer({ main: 'worker/bench/index.ts' }); try { ... } finally { await server.stop(); }
 */
export async function startDevServer(opts = {}) {
  checkPrerequisites();
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  const echo = opts.echo ?? process.env.KEEPWELL_E2E_ECHO === '1';
  const baseDir = mkdtempSync(join(tmpdir(), 'keepwell-e2e-'));
  const persistDir = join(baseDir, 'state');
  const bundleDir = join(baseDir, 'bundle');
  const adminToken = randomBytes(24).toString('hex');
  const main = opts.main;
  const configPath = opts.watch
    ? join(ROOT, 'wrangler.toml')
    : snapshotConfig(baseDir, (toml) => {
        const edited = opts.transformConfig ? opts.transformConfig(toml) : toml;
        return main
          ? edited.replace(/^main\s*=.*$/m, `main = ${JSON.stringify(resolve(ROOT, main))}`)
          : edited;
      });
  const prepared = await Promise.allSettled([
    runWrangler(
      ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir, '--config', configPath],
      90_000,
    ),
    opts.watch
      ? Promise.resolve('')
      : runWrangler(['deploy', '--dry-run', '--outdir', bundleDir, '--config', configPath], 90_000),
  ]);
  const failed = prepared.find((r) => r.status === 'rejected');
  if (failed) {
    rmSync(baseDir, { recursive: true, force: true });
    throw failed.reason;
  }

  if (opts.beforeStart) {
    try {
      await opts.beforeStart(persistDir);
    } catch (err) {
      rmSync(baseDir, { recursive: true, force: true });
      throw err;
    }
  }

  const emptyEnvFile = join(baseDir, 'empty.env');
  writeFileSync(emptyEnvFile, '');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const vars = { ADMIN_TOKEN: adminToken, SURVEY_SIGNING_KEY: randomBytes(24).toString('hex'), ...opts.vars };
  const args = [
    WRANGLER_BIN,
    'dev',
    // The bundle is named after its entry's file (index.ts → index.js).
    ...(opts.watch
      ? main
        ? [resolve(ROOT, main)]
        : []
      : [join(bundleDir, `${basename(main ?? 'index.ts').replace(/\.[cm]?[jt]s$/, '')}.js`), '--no-bundle']),
    '--config',
    configPath,
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--persist-to',
    persistDir,
    '--show-interactive-dev-session=false',
    // An empty env file instead of the developer's .dev.vars: the server sees wrangler.toml plus `vars` only.
    '--env-file',
    emptyEnvFile,
    ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: wranglerEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid;
  if (!pid) throw new Error('could not spawn wrangler dev');
  installExitHandler();
  liveGroups.add(pid);
  const reaper = spawnReaper(pid, baseDir);

  let out = '';
  const collect = (/** @type {Buffer} */ chunk) => {
    const text = chunk.toString();
    if (echo) process.stderr.write(text);
    opts.onOutput?.(text);
    out = (out + text).slice(-MAX_OUTPUT_CHARS);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  /** @type {{ code: number | null, signal: NodeJS.Signals | null } | null} */
  let exited = null;
  const exitedPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(undefined);
    });
  });

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    if (killGroup(pid, 'SIGTERM')) {
      const deadline = Date.now() + 5_000;
      await withTimeout(exitedPromise, 5_000);
      while (groupAlive(/** @type {number} */ (pid)) && Date.now() < deadline) await sleep(100);
      killGroup(pid, 'SIGKILL');
    }
    liveGroups.delete(pid);
    try {
      if (reaper.pid) process.kill(reaper.pid, 'SIGKILL');
    } catch {}
    rmSync(baseDir, { recursive: true, force: true });
  }

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited) {
      const { code, signal } = exited;
      await stop();
      throw new Error(`wrangler dev exited before becoming healthy (${signal ?? `exit ${code}`}):\n${out}`);
    }
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok && /** @type {{ ok?: unknown }} */ (await res.json()).ok === true) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer ${url}/api/health within ${startTimeoutMs} ms:\n${out}`);
    }
    await sleep(250);
  }

  /** @type {DevServer['admin']} */
  async function admin(path, init = {}) {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${adminToken}`);
    if (init.body !== undefined && !headers.has('Content-Type'))
      headers.set('Content-Type', 'application/json');
    return fetch(`${url}${path}`, { ...init, headers });
  }

  return { url, adminToken, persistDir, output: () => out, admin, stop };
}
