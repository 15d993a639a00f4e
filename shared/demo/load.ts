import type { DemoStarted, DemoStatus } from '../contracts/demo';
import { addDays } from '../time';
import type { DemoWorkspace } from './generate';

// Loads a generated workspace into a running Keepwell through its public interfaces only: the SDK for events,
// the admin API's bulk endpoints for records, the survey links for answers, then the product's own backfill.
// Shared by `npm run demo` (Node) and the SPA's "Load demo data" button: every effect goes through the `io`
// it is given, and the time comes from the workspace (generated for `today`), so this file does no I/O itself.

/** The slice of the SDK client the loader uses (`createKeepwell` from sdk/). */
export interface DemoSdkClient {
  identify(userId: string, traits?: Record<string, unknown>, options?: DemoCallOptions): string;
  group(groupId: string, traits?: Record<string, unknown>, options?: DemoCallOptions): string;
  track(event: string, properties?: Record<string, unknown>, options?: DemoCallOptions): string;
  flush(): Promise<void>;
  close(): Promise<void>;
  readonly dropped: number;
}

interface DemoCallOptions {
  userId?: string;
  timestamp?: string;
  context?: Record<string, unknown>;
}

/**
 * Everything the loader does to the outside world.
 * - `api`: an admin API call (session cookie + CSRF in the SPA, the admin token in Node); resolves with the
 *   JSON body, rejects on a non-2xx answer.
 * - `sdk`: a new SDK client for a write key.
 * - `answerSurvey`: submits an answer on a public survey link's page API (`POST /api/public/surveys/:token`).
 * - `sleep`: waits while the queue or a backfill works.
 */
export interface DemoIo {
  api<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  sdk(writeKey: string): DemoSdkClient;
  answerSurvey(url: string, answer: { score: number; comment?: string }): Promise<void>;
  sleep(ms: number): Promise<void>;
}

/** The loader's phases, in order. */
export const DEMO_PHASES = ['events', 'rollups', 'records', 'history', 'scoring'] as const;
export type DemoPhase = (typeof DEMO_PHASES)[number];

/**
 * Progress of a load: the phase, its own `done`/`total`, and `overall` (0..1) across phases.
 * @example onProgress({ phase: 'events', done: 5000, total: 90000, overall: 0.03 })
 */
export interface DemoProgress {
  phase: DemoPhase;
  done: number;
  total: number;
  overall: number;
}

/** Options of {@link loadDemo}. */
export interface LoadDemoOptions {
  onProgress?: (p: DemoProgress) => void;
  /** Days of score history, scored by the product's own `asOf` runs (default 95). */
  historyDays?: number;
  /** Messages per SDK batch (default 1,000). */
  batchSize?: number;
  /**
   * `asOf` runs of the history going at once, each a slice of the days (default 2: measured, a third only
   * slowed every run down, the local D1 being busy with two).
   */
  historyChains?: number;
  /**
   * SDK clients sending at once, each with its share of the accounts (default 2: one request being validated
   * at the edge while the queue consumer stores the other's, on two cores).
   */
  senders?: number;
}

/** What a finished load did. */
export interface DemoLoadResult {
  accounts: number;
  events: number;
  contracts: number;
  surveyAnswers: number;
  historyDays: number;
}

// Share of the progress bar each phase takes (measured durations, roughly).
const WEIGHT: Record<DemoPhase, number> = {
  events: 0.3,
  rollups: 0.1,
  records: 0.05,
  history: 0.5,
  scoring: 0.05,
};

/**
 * Loads `ws` into the instance behind `io`. Refuses (rejects) when demo data is already loaded.
 * @example await loadDemo(generateDemo({ today }), io, { onProgress: (p) => bar.update(p.overall) })
 */
export async function loadDemo(
  ws: DemoWorkspace,
  io: DemoIo,
  opts: LoadDemoOptions = {},
): Promise<DemoLoadResult> {
  const report = progressReporter(opts.onProgress);
  const status = await io.api<DemoStatus>('GET', '/api/demo');
  if (status.loaded) throw new Error('demo data is already loaded: remove it first');
  const before = await io.api<{ rolledUpEvents: number }>('GET', '/api/ingest/stats');
  const { writeKey } = await io.api<DemoStarted>('POST', '/api/demo');

  await sendEvents(ws, io, writeKey, opts, (done, total) => report('events', done, total));
  await waitForRollups(io, before.rolledUpEvents + ws.usage.length, report);
  const records = await sendRecords(ws, io, report);
  const historyDays = opts.historyDays ?? 95;
  // Answers and touchpoints are today's: they cannot change a past day's score, so they go alongside.
  const [answers] = await Promise.all([
    sendSurveys(ws, io).then(async (n) => {
      await sendTouchpoints(ws, io);
      return n;
    }),
    scoreHistory(io, ws, historyDays, opts.historyChains ?? 2, report),
  ]);
  await scoreToday(io, report);
  return {
    accounts: ws.accounts.length,
    events: ws.usage.length,
    contracts: records,
    surveyAnswers: answers,
    historyDays,
  };
}

function progressReporter(onProgress: LoadDemoOptions['onProgress']) {
  return (phase: DemoPhase, done: number, total: number) => {
    if (!onProgress) return;
    let overall = 0;
    for (const p of DEMO_PHASES) {
      if (p === phase) break;
      overall += WEIGHT[p];
    }
    overall += WEIGHT[phase] * (total > 0 ? Math.min(1, done / total) : 1);
    onProgress({ phase, done, total, overall: Math.min(1, overall) });
  };
}

/**
 * Sends the users' identify and group calls and the usage tracks through `senders` SDK clients at once,
 * accounts dealt round-robin: an account's messages all go through one client, in order.
 */
async function sendEvents(
  ws: DemoWorkspace,
  io: DemoIo,
  writeKey: string,
  opts: LoadDemoOptions,
  report: (done: number, total: number) => void,
): Promise<void> {
  const batchSize = opts.batchSize ?? 1000;
  const senders = Math.max(1, Math.min(opts.senders ?? 2, ws.accounts.length));
  const byId = new Map(ws.accounts.map((a) => [a.externalId, a]));
  const shareOf = new Map(ws.accounts.map((a, i) => [a.externalId, i % senders]));
  const total = ws.users.length * 2 + ws.usage.length;
  let sent = 0;
  const send = async (share: number) => {
    const sdk = io.sdk(writeKey);
    let mine = 0;
    const tick = async () => {
      sent++;
      if (++mine % batchSize === 0) {
        await sdk.flush();
        report(sent, total);
      }
    };
    for (const u of ws.users) {
      if (shareOf.get(u.accountExternalId) !== share) continue;
      const a = byId.get(u.accountExternalId)!;
      const timestamp = `${u.joinDay}T00:00:00.000Z`;
      sdk.identify(
        u.externalId,
        { name: u.name, email: u.email, role: u.role },
        { userId: u.externalId, timestamp },
      );
      await tick();
      sdk.group(
        a.externalId,
        {
          ...a.traits,
          name: a.name,
          plan: a.plan,
          industry: a.industry,
          employees: a.employees,
          seats: a.seats,
          arr: a.arrMinor / 100,
          currency: 'USD',
          contractStartDate: a.contractStartDate,
          renewalDate: a.renewalDate,
          csm: a.ownerEmail,
        },
        { userId: u.externalId, timestamp },
      );
      await tick();
    }
    for (const e of ws.usage) {
      if (shareOf.get(e.accountExternalId) !== share) continue;
      sdk.track(
        e.feature,
        { module: e.module, durationMs: e.durationMs, count: e.count },
        {
          userId: e.userExternalId,
          timestamp: new Date(e.timestampMs).toISOString(),
          context: { groupId: e.accountExternalId },
        },
      );
      await tick();
    }
    await sdk.close();
    if (sdk.dropped > 0) throw new Error(`the SDK dropped ${sdk.dropped} demo messages`);
  };
  await Promise.all(Array.from({ length: senders }, (_, share) => send(share)));
  report(total, total);
}

async function waitForRollups(
  io: DemoIo,
  target: number,
  report: (p: DemoPhase, d: number, t: number) => void,
) {
  for (let i = 0; i < 600; i++) {
    const { rolledUpEvents } = await io.api<{ rolledUpEvents: number }>('GET', '/api/ingest/stats');
    report('rollups', rolledUpEvents, target);
    if (rolledUpEvents >= target) return;
    await io.sleep(500);
  }
  throw new Error('the demo events were not all stored within 5 minutes');
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function sendRecords(
  ws: DemoWorkspace,
  io: DemoIo,
  report: (p: DemoPhase, d: number, t: number) => void,
) {
  const jobs: [string, unknown[]][] = [
    ...chunks(ws.contracts, 1000).map((c): [string, unknown[]] => ['/api/contracts', c]),
    ...chunks(ws.tickets, 1000).map((c): [string, unknown[]] => ['/api/tickets', c]),
    ...chunks(ws.leads, 1000).map((c): [string, unknown[]] => ['/api/leads', c]),
    ...chunks(ws.advocacy, 1000).map((c): [string, unknown[]] => ['/api/advocacy', c]),
  ];
  for (const [i, [path, body]] of jobs.entries()) {
    if (body.length > 0) await io.api('POST', path, body);
    report('records', i + 1, jobs.length);
  }
  return ws.contracts.length;
}

async function sendSurveys(ws: DemoWorkspace, io: DemoIo) {
  let done = 0;
  for (const s of ws.surveys) {
    const { id } = await io.api<{ id: number }>('POST', '/api/surveys', {
      type: s.type,
      name: s.name,
      quietPeriodDays: 0,
    });
    const contacts = s.answers.map((a) => ({
      email: a.email,
      name: a.name,
      accountExternalId: a.accountExternalId,
    }));
    const { links } = await io.api<{ links: { url: string }[] }>('POST', `/api/surveys/${id}/links`, {
      contacts,
    });
    for (const [i, link] of links.entries()) {
      const a = s.answers[i]!;
      await io.answerSurvey(link.url, { score: a.score, ...(a.comment ? { comment: a.comment } : {}) });
      done++;
    }
  }
  return done;
}

async function sendTouchpoints(ws: DemoWorkspace, io: DemoIo) {
  for (const t of ws.touchpoints) {
    await io.api('POST', `/api/accounts/${encodeURIComponent(t.accountExternalId)}/touchpoints`, {
      kind: t.kind,
      occurredAt: t.occurredAt,
      summary: t.summary,
    });
  }
}

/**
 * The score history: one `asOf` run per day (`POST /api/scoring/run`, the runs `POST /api/scoring/backfill`
 * chains through the scoring queue, driven from here so no day waits for a queue delivery). A day's transitions
 * are read against the latest earlier snapshot, so days go oldest first, in `chains` consecutive slices at once
 * (one run's SQL overlaps another's request handling and scoring); each later slice's first day, scored before
 * the slice before it reached the day before, is scored again at the end, which rewrites its transitions
 * against that day (the same result as one chain).
 */
async function scoreHistory(
  io: DemoIo,
  ws: DemoWorkspace,
  days: number,
  chains: number,
  report: (p: DemoPhase, d: number, t: number) => void,
) {
  const all = Array.from({ length: days }, (_, i) => addDays(ws.today, i - days));
  const n = Math.max(1, Math.min(chains, days));
  const starts = Array.from({ length: n }, (_, i) => Math.floor((i * days) / n));
  const total = days + n - 1 + 1;
  let done = 0;
  const chain = async (list: string[]) => {
    for (const asOf of list) {
      await runAndWait(io, { asOf });
      report('history', ++done, total);
    }
  };
  await Promise.all(starts.map((from, i) => chain(all.slice(from, starts[i + 1] ?? days))));
  await chain(starts.slice(1).map((i) => all[i]!));
}

async function runAndWait(
  io: DemoIo,
  body: { asOf?: string },
  onPoll?: (r: { scored: number; total: number }) => void,
) {
  const { runId } = await io.api<{ runId: string }>('POST', '/api/scoring/run', body);
  for (let wait = 50; ; wait = Math.min(500, wait * 2)) {
    const r = await io.api<{ status: string; scored: number; total: number }>(
      'GET',
      `/api/scoring/runs/${runId}`,
    );
    onPoll?.(r);
    if (r.status === 'failed') throw new Error(`the scoring run ${body.asOf ?? 'of today'} failed`);
    if (r.status === 'done') return;
    await io.sleep(wait);
  }
}

async function scoreToday(io: DemoIo, report: (p: DemoPhase, d: number, t: number) => void) {
  await runAndWait(io, {}, (r) => report('scoring', r.scored, r.total));
}
