#!/usr/bin/env node
// `npm run replay`: rebuild the usage rollups of a range of event days from the raw events (those still in
// D1 and the R2 archive of purged ones), after a consumer fix. Starts a replay job through the admin API
// (POST /api/ingest/replays) and prints its progress until it is done.
//
//   npm run replay -- --from 2026-05-01 --to 2026-05-31
//   npm run replay -- --from 2026-05-01 --to 2026-05-01 --source <source id> --url https://keepwell.example.com --token <admin token>
//
// The token is an admin API token, or ADMIN_TOKEN; without --token, $KEEPWELL_TOKEN, $ADMIN_TOKEN, then
// .dev.vars (written by `npm start`). --url defaults to $KEEPWELL_HOST or http://localhost:8787.
// Exit code 0 when the job is done, 1 when it failed or could not start.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const USAGE =
  'usage: npm run replay -- --from YYYY-MM-DD --to YYYY-MM-DD [--source <id>] [--url <base url>] [--token <admin token>]';

/**
 * @param {string[]} argv
 * @param {Record<string, string | undefined>} env
 * @returns {{ from: string, to: string, sourceId?: string, url: string, token?: string, interval: number }}
 */
export function parseArgs(argv, env = {}) {
  /** @type {Record<string, string>} */
  const values = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    if (!['--from', '--to', '--source', '--url', '--token', '--interval'].includes(flag))
      throw new Error(`unknown argument ${arg}\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || value.startsWith('--'))
      throw new Error(`${flag} needs a value\n${USAGE}`);
    values[flag.slice(2)] = value;
  }
  for (const key of ['from', 'to']) {
    if (!values[key]) throw new Error(`--${key} is required\n${USAGE}`);
    const day = values[key];
    if (!DAY.test(day) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day)
      throw new Error(`--${key} must be a day as YYYY-MM-DD, not "${day}"`);
  }
  if (values.from > values.to) throw new Error('--from must not be after --to');
  const url = (values.url ?? env.KEEPWELL_HOST ?? 'http://localhost:8787').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) throw new Error(`--url must be an http(s) URL, not "${url}"`);
  const interval = Number(values.interval ?? 2);
  if (!Number.isFinite(interval) || interval <= 0) throw new Error('--interval must be a number of seconds');
  return {
    from: values.from,
    to: values.to,
    ...(values.source ? { sourceId: values.source } : {}),
    url,
    ...((values.token ?? env.KEEPWELL_TOKEN ?? env.ADMIN_TOKEN)
      ? { token: values.token ?? env.KEEPWELL_TOKEN ?? env.ADMIN_TOKEN }
      : {}),
    interval,
  };
}

/** The admin token of the local dev server (`npm start` writes it to .dev.vars). */
function devToken() {
  const file = join(root, '.dev.vars');
  const match = existsSync(file)
    ? /^ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?\s*$/m.exec(readFileSync(file, 'utf8'))
    : null;
  return match?.[1];
}

/**
 * One line of progress.
 * @param {{ id: string, status: string, phase: string, liveEvents: number, archivedEvents: number, partitions: number, error: string | null }} job
 */
export function progressLine(job) {
  const counts = `${job.liveEvents} live + ${job.archivedEvents} archived events, ${job.partitions} partitions`;
  return `replay ${job.id.slice(0, 8)} ${job.status} (${job.phase}): ${counts}${job.error ? ` — last error: ${job.error}` : ''}`;
}

/** The error envelope's message, or the response text. @param {Response} res */
async function failure(res) {
  const text = await res.text();
  try {
    const { error } = JSON.parse(text);
    const issues = (error.issues ?? []).map((i) => `${(i.path ?? []).join('.')}: ${i.message}`).join('; ');
    return `${res.status} ${error.code}: ${error.message}${issues ? ` (${issues})` : ''}`;
  } catch {
    return `${res.status} ${text.slice(0, 200)}`;
  }
}

/**
 * Starts the job and polls it until it is no longer running; returns it.
 * @param {ReturnType<typeof parseArgs>} args
 * @param {{ log?: (line: string) => void, fetch?: typeof fetch }} io
 */
export async function runReplay(args, io = {}) {
  const log = io.log ?? ((line) => console.log(line));
  const fetcher = io.fetch ?? fetch;
  const token = args.token ?? devToken();
  if (!token) throw new Error('no admin token: pass --token, set KEEPWELL_TOKEN, or run `npm start` first');
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const body = { from: args.from, to: args.to, ...(args.sourceId ? { sourceId: args.sourceId } : {}) };
  let res;
  try {
    res = await fetcher(`${args.url}/api/ingest/replays`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new Error(
      `cannot reach ${args.url} (${err instanceof Error ? err.message : err}): is the Worker running?`,
    );
  }
  if (res.status !== 202) throw new Error(`the replay was not started: ${await failure(res)}`);
  let job = await res.json();
  log(`replay ${job.id} of ${job.from}..${job.to} started`);
  let last = '';
  while (job.status === 'running') {
    await new Promise((r) => setTimeout(r, args.interval * 1000));
    const poll = await fetcher(`${args.url}/api/ingest/replays/${job.id}`, { headers });
    if (!poll.ok) throw new Error(`cannot read replay ${job.id}: ${await failure(poll)}`);
    job = await poll.json();
    const line = progressLine(job);
    if (line !== last) log(line);
    last = line;
  }
  return job;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const job = await runReplay(parseArgs(process.argv.slice(2), process.env));
    if (job.status !== 'done') {
      console.error(
        `replay ${job.id} ${job.status}: ${job.error ?? 'no error recorded'}; its days' rollups are partial until a replay of them is done`,
      );
      process.exit(1);
    }
    console.log(`replay ${job.id} done: rollups of ${job.from}..${job.to} rebuilt`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
