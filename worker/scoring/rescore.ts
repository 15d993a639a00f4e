import type { RescoreResult } from '../../shared/contracts/accounts';
import { utcDay } from '../../shared/time';
import type { AuditEntry } from '../audit/store';
import { getDb } from '../common/db';
import type { Env } from '../common/env';
import { prepare } from '../common/raw-sql';
import { loadOptions, queueWebhooks, readRunConfig, scoreAccounts, scoringScope } from './job';
import { loadScoringBatch } from './load-store';
import { clearRescoreRequest, rescoreRequestSql, writeAudit, writeRescore } from './rescores-store';
import { RESCORE_RUN_PREFIX } from './snapshots-store';

// Single-account rescoring: a CSM's input (rating, override, touchpoint), a survey answer or
// `POST /api/accounts/:externalId/rescore` scores that one account for today at once, with the portfolio
// run's own code (job.ts: load → scoreAccounts → the run's snapshot statements).

/**
 * The scope of a rescore at `now`: today's period, scored as an `asOf` run of today is: windows end TODAY
 * (so today's usage so far counts, unlike the 02:00 run, whose windows end on the last complete day), every
 * input recorded up to `now` is read, a snapshot of today that another model version wrote is kept, and
 * alerts are raised.
 * @example rescoreScope(Date.parse('2026-05-02T15:00:00Z')) // { period: '2026-05-02', asOfDay: '2026-05-02', now, asOf: { raiseAlerts: true } }
 */
export function rescoreScope(now: number) {
  const scope = scoringScope(now, utcDay(now));
  return { ...scope, asOf: { raiseAlerts: true } };
}

/**
 * Rescores one account for today and writes its snapshot, transition and new alerts (see
 * {@link rescoreScope}); `audit` records who asked, with the outcome. Segments, published models, the
 * catalog, alert rules and the measure benchmarks are read as the latest run left them (benchmarks are
 * never recomputed for one account). Never throws for the account's own data (corrupt traits, a model
 * error: `failed`); a D1 error does throw.
 * @example const result = await rescoreAccount(env, 7, { now: Date.now() })
 */
export async function rescoreAccount(
  env: Env,
  accountId: number,
  opts: { now: number; audit?: Omit<AuditEntry, 'details'> },
): Promise<RescoreResult> {
  const db = getDb(env.DB);
  const scope = rescoreScope(opts.now);
  const config = await readRunConfig(db);
  const loaded = await loadScoringBatch(db, [accountId], loadOptions(config, scope));
  const { scored, failures, skipped } = scoreAccounts(config, loaded.accounts, scope, loaded.platform);
  const outcome = (status: RescoreResult['status'], reason: string | null): RescoreResult => ({
    status,
    reason,
    period: scope.period,
    health: null,
    transition: null,
    alertsRaised: 0,
  });
  const audited = async (result: RescoreResult) => {
    if (opts.audit) await writeAudit(db, { ...opts.audit, details: auditDetails(result) }, opts.now);
    return result;
  };
  const failure = loaded.failures[0] ?? failures[0];
  if (failure) return audited(outcome('failed', failure.error));
  if (skipped.length > 0) return audited(outcome('skipped', SKIPPED_REASON));
  const s = scored[0];
  if (!s) return audited(outcome('failed', 'no such account'));

  const run = { runId: `${RESCORE_RUN_PREFIX}${crypto.randomUUID()}`, ...scope };
  const health = {
    score: s.effective.score,
    tier: s.effective.tier,
    computedScore: s.result.score,
    computedTier: s.result.tier,
    overridden: s.effective.override !== null,
    insufficientData: s.result.insufficientData,
  };
  const result: RescoreResult = {
    ...outcome('scored', null),
    health,
    transition: s.transition === 'none' ? null : s.transition,
  };
  const audit = opts.audit ? { ...opts.audit, details: auditDetails(result) } : undefined;
  const { written, alertIds } = await writeRescore(db, run, s, audit);
  // Another model version wrote today's snapshot between the load and the write: it stays.
  if (!written) return outcome('skipped', SKIPPED_REASON);
  if (config.webhookUrl && alertIds.length > 0) await queueWebhooks(env, db, alertIds, opts.now);
  return { ...result, alertsRaised: alertIds.length };
}

const SKIPPED_REASON =
  "today's snapshot was written by another model version, which is kept; the input counts from the next scoring run";

function auditDetails(r: RescoreResult) {
  return {
    period: r.period,
    status: r.status,
    reason: r.reason,
    tier: r.health?.tier,
    score: r.health?.score,
  };
}

/**
 * Rescores at once for a CSM's input that is already stored, and never fails the request that stored it:
 * when the rescore throws (say D1 is briefly unavailable) it is asked of the scoring queue instead
 * (`queued`), and failing that the next scoring run counts the input.
 * @example const rescore = await rescoreAfterInput(c.env, accountId, Date.now())
 */
export async function rescoreAfterInput(env: Env, accountId: number, now: number): Promise<RescoreResult> {
  try {
    return await rescoreAccount(env, accountId, { now });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    console.error(JSON.stringify({ msg: 'rescore failed', accountId, error }));
    const queued = await requestRescore(env, accountId, now);
    return {
      status: queued ? 'queued' : 'failed',
      reason: queued ? `rescoring failed (${error}); retrying through the scoring queue` : error,
      period: utcDay(now),
      health: null,
      transition: null,
      alertsRaised: 0,
    };
  }
}

/**
 * Asks the scoring queue to rescore the account: a `rescore_requests` row (unless the caller already
 * committed one with its input), then the message. Returns whether the message was sent; a request whose
 * message could not be sent is counted by the next run of today (which clears it).
 * @example await requestRescore(env, 7, Date.now(), { stored: true })
 */
export async function requestRescore(
  env: Env,
  accountId: number,
  now: number,
  opts: { stored?: boolean } = {},
): Promise<boolean> {
  try {
    const db = getDb(env.DB);
    if (!opts.stored) await prepare(db, rescoreRequestSql(accountId, now)).run();
    await env.SCORING_QUEUE.send({ kind: 'rescore', accountId });
    return true;
  } catch (err) {
    console.error(
      JSON.stringify({
        msg: 'rescore request failed',
        accountId,
        error: err instanceof Error ? err.message : String(err),
      }),
    );
    return false;
  }
}

/**
 * The scoring queue's `rescore` message: rescores the account, then ends its request. Throws (so the queue
 * retries) when the rescore does.
 * @example await runRequestedRescore(env, 7)
 */
export async function runRequestedRescore(env: Env, accountId: number): Promise<RescoreResult> {
  const started = Date.now();
  const result = await rescoreAccount(env, accountId, { now: started });
  await clearRescoreRequest(getDb(env.DB), accountId, started);
  return result;
}

/** After the queue's last retry: the request is dropped (the next run of today counts the input). */
export async function dropRescoreRequest(env: Env, accountId: number): Promise<void> {
  await clearRescoreRequest(getDb(env.DB), accountId, Date.now());
}
