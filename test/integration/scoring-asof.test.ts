import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ScoringBackfill } from '../../shared/contracts/scoring';
import { addDays } from '../../shared/time';
import { getDb } from '../../worker/common/db';
import { snapshotRunIdSql, writtenByRunSql } from '../../worker/scoring/compaction-store';
import {
  admin,
  createApiToken,
  errorCode,
  INPUTS_MODEL,
  measureRawValues,
  planSegment,
  rows,
  type ScoringRunBody,
  seedSnapshot,
  today,
  uid,
  waitFor,
  waitForRun,
} from './helpers';
import { answer, createSurvey } from './surveys-helpers';

// Scoring as of a past day (`POST /api/scoring/run { asOf }`), "Backfill history", and survey answers of
// today in a run started today (issue 12).

const noon = (day: string) => Date.parse(`${day}T12:00:00Z`);

/**
 * An account of `plan` with `seats`, a user activated on each of `activated` (created today, as an import
 * of old events leaves them) and usage on each of `usage`.
 */
async function seedHistory(opts: { plan: string; seats: number; activated: string[]; usage: string[] }) {
  const externalId = uid('asof');
  const last = [...opts.usage].sort().at(-1);
  const account = await env.DB.prepare(
    `INSERT INTO accounts (external_id, name, plan, seats, traits, created_at, last_seen_at)
     VALUES (?, ?, ?, ?, '{}', ?, ?) RETURNING id`,
  )
    .bind(externalId, `Account ${externalId}`, opts.plan, opts.seats, Date.now(), last ? noon(last) : null)
    .first<{ id: number }>();
  const id = account!.id;
  const statements = [
    ...opts.activated.map((day, i) =>
      env.DB.prepare(
        `INSERT INTO users (external_id, account_id, linked_at, traits, created_at, activated_at, last_seen_at)
         VALUES (?, ?, ?, '{}', ?, ?, ?)`,
      ).bind(`${externalId}-u${i}`, id, Date.now(), Date.now(), noon(day), noon(day)),
    ),
    ...opts.usage.map((day) =>
      env.DB.prepare(
        'INSERT INTO account_days (account_id, day, events, active_users, active_ms, features_used) VALUES (?, ?, 3, 1, 60000, 0)',
      ).bind(id, day),
    ),
  ];
  if (statements.length > 0) await env.DB.batch(statements);
  return { id, externalId };
}

/** The measures' raw values of the account's snapshot of `period`, with who wrote it. */
async function snapshotOf(accountId: number, period: string) {
  // A compact row (history) refers to its run: read back as the run's id.
  const [row] = await getDb(env.DB).all<{
    run_id: string;
    model_version_id: number;
    overridden: number;
    measures: string;
    config: string | null;
  }>(
    sql`SELECT ${snapshotRunIdSql('s')} AS run_id, model_version_id, overridden, measures,
       (SELECT config FROM model_versions v WHERE v.id = model_version_id) AS config
     FROM score_snapshots s WHERE account_id = ${accountId} AND period = ${period}`,
  );
  if (!row) return null;
  return {
    runId: row.run_id,
    versionId: row.model_version_id,
    overridden: row.overridden === 1,
    raw: measureRawValues(row.measures, row.config),
  };
}

async function startRun(body?: unknown): Promise<Response> {
  return admin('/api/scoring/run', { method: 'POST', ...(body === undefined ? {} : { body }) });
}

async function runAsOf(asOf: string): Promise<ScoringRunBody> {
  const res = await startRun({ asOf });
  if (res.status !== 202) throw new Error(`asOf run: ${res.status} ${await res.text()}`);
  const started = await res.json<{ runId: string; period: string; asOf: string | null }>();
  expect(started).toMatchObject({ period: asOf, asOf });
  return waitForRun(started.runId, 60_000);
}

async function publishedVersion(modelId: string): Promise<number> {
  const [row] = await rows<{ id: number }>(
    "SELECT id FROM model_versions WHERE model_id = ? AND status = 'published'",
    modelId,
  );
  return row!.id;
}

describe('scoring as of a past day', () => {
  it('uses only the data up to that day, writes that day and raises no alerts', async () => {
    const plan = uid('asof-plan');
    await planSegment(plan, INPUTS_MODEL);
    const asOf = addDays(today(), -5);
    const acct = await seedHistory({
      plan,
      seats: 4,
      // Two users active by asOf, two only after it.
      activated: [addDays(asOf, -10), addDays(asOf, -1), addDays(asOf, 1), addDays(asOf, 3)],
      usage: [addDays(asOf, -2), asOf, addDays(asOf, 1), addDays(asOf, 2)],
    });
    // Recorded today, after asOf: a rating, an override and a survey answer.
    expect((await admin(`/api/accounts/${acct.externalId}/rating`, { body: { stars: 5 } })).status).toBe(201);
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const override = await admin(`/api/accounts/${acct.externalId}/override`, {
      body: { tier: 'red', reason: 'Sponsor left', expiresAt },
    });
    expect(override.status).toBe(201);
    await answer((await createSurvey()).id, acct.externalId, 10);

    const run = await runAsOf(asOf);
    expect(run).toMatchObject({ status: 'done', asOf, period: asOf, backfillId: null, failed: 0 });
    const past = await snapshotOf(acct.id, asOf);
    expect(past).toMatchObject({
      runId: run.runId,
      overridden: false,
      raw: { seatShare: 0.5, activeDays: 2, rating: null, nps: null },
    });
    // Only that day is written, and history raises no alerts.
    expect(
      await getDb(env.DB).all(
        sql`SELECT 1 FROM score_snapshots s WHERE ${writtenByRunSql('s', run.runId)} AND period <> ${asOf}`,
      ),
    ).toEqual([]);
    expect(await rows('SELECT 1 FROM alerts WHERE account_id = ? AND period = ?', acct.id, asOf)).toEqual([]);

    // Today's run sees everything: the data was there, the past run left it out on purpose.
    const res = await startRun();
    expect(res.status).toBe(202);
    const current = await waitForRun((await res.json<{ runId: string }>()).runId, 60_000);
    expect(current.asOf).toBeNull();
    expect(await snapshotOf(acct.id, today())).toMatchObject({
      overridden: true,
      raw: { seatShare: 1, activeDays: 4, rating: 5, nps: 100 },
    });
    expect(await snapshotOf(acct.id, asOf)).toMatchObject({ runId: run.runId });

    const audit = await (await admin(`/api/audit?entity=scoring&entityId=${run.runId}`)).json<{
      items: { action: string; details: Record<string, unknown> }[];
    }>();
    expect(audit.items).toEqual([
      expect.objectContaining({
        action: 'scoring.run',
        details: expect.objectContaining({ asOf, period: asOf }),
      }),
    ]);
  });

  it("never overwrites another model version's snapshot; the same version may rewrite its own", async () => {
    const plan = uid('asof-version');
    const { modelId } = await planSegment(plan, INPUTS_MODEL);
    const version = await publishedVersion(modelId);
    const other = addDays(today(), -3);
    const same = addDays(today(), -2);
    const acct = await seedHistory({
      plan,
      seats: 2,
      activated: [addDays(other, -5), addDays(other, -5)],
      usage: [other, same],
    });
    await seedSnapshot(acct.id, other, { score: 12, tier: 'red', modelVersionId: version + 100_000 });
    await seedSnapshot(acct.id, same, { score: 12, tier: 'red', modelVersionId: version });

    const kept = await runAsOf(other);
    expect(kept.status).toBe('done');
    expect(kept.skipped).toBeGreaterThanOrEqual(1);
    expect(kept.scored + kept.failed + kept.skipped).toBe(kept.total);
    expect(await snapshotOf(acct.id, other)).toMatchObject({ runId: 'seeded', versionId: version + 100_000 });

    const rewritten = await runAsOf(same);
    expect(await snapshotOf(acct.id, same)).toMatchObject({
      runId: rewritten.runId,
      versionId: version,
      raw: { seatShare: 1, activeDays: 2 },
    });
    // And again: a re-run of the same day by the same version replaces its own snapshot.
    const again = await runAsOf(same);
    expect(await snapshotOf(acct.id, same)).toMatchObject({ runId: again.runId, versionId: version });
  });

  it('refuses an asOf that cannot be scored with a 400 envelope, and non-admins with 403', async () => {
    const first = (await rows<{ day: string | null }>('SELECT min(day) AS day FROM account_days'))[0]?.day;
    const bad: unknown[] = [
      { asOf: addDays(today(), 1) },
      { asOf: addDays(today(), -366) },
      { asOf: '2026-13-01' },
      { asOf: 'yesterday' },
      { asOf: 20260101 },
      { asOf: addDays(today(), -1), extra: true },
    ];
    // Before the first day with usage there is nothing to score.
    if (first && first > addDays(today(), -365)) bad.push({ asOf: addDays(first, -1) });
    for (const body of bad) {
      const res = await startRun(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
    for (const role of ['csm', 'viewer'] as const) {
      const { token } = await createApiToken(role);
      const res = await admin('/api/scoring/run', { body: { asOf: addDays(today(), -1) }, token });
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('FORBIDDEN');
    }
  });
});

async function waitForBackfill(backfillId: string): Promise<ScoringBackfill> {
  return waitFor(async () => {
    const res = await admin(`/api/scoring/backfills/${backfillId}`);
    if (res.status !== 200) throw new Error(`GET backfill: ${res.status} ${await res.text()}`);
    const b = await res.json<ScoringBackfill>();
    return b.status === 'running' ? null : b;
  }, 120_000);
}

describe('backfill history', () => {
  it('reports a backfill whose day-run was lost as failed after an hour without progress, not running forever', async () => {
    const hour = 3_600_000;
    const now = Date.now();
    // Stalled: its run of the first day started two hours ago and never finished (its messages were lost).
    // Slow but alive: a run that started ten minutes ago. Between days: its last run finished 2 hours ago
    // and the next day never started.
    const cases = [
      { id: crypto.randomUUID(), run: { status: 'running', at: now - 2 * hour }, current: true },
      { id: crypto.randomUUID(), run: { status: 'running', at: now - hour / 6 }, current: true },
      { id: crypto.randomUUID(), run: { status: 'done', at: now - 2 * hour }, current: false },
    ];
    for (const c of cases) {
      const runId = crypto.randomUUID();
      await rows(
        `INSERT INTO scoring_backfills (id, days, status, done, current_run_id, requested_by, started_at)
         VALUES (?, '["2026-01-01","2026-01-02"]', 'running', ?, ?, 'ann@example.com', ?)`,
        c.id,
        c.current ? 0 : 1,
        c.current ? runId : null,
        now - 3 * hour,
      );
      await rows(
        `INSERT INTO scoring_runs (id, period, trigger, status, total, started_at, finished_at, as_of, backfill_id)
         VALUES (?, '2026-01-01', 'manual', ?, 1, ?, ?, '2026-01-01', ?)`,
        runId,
        c.run.status,
        c.run.at,
        c.run.status === 'done' ? c.run.at : null,
        c.id,
      );
    }
    const read = async (id: string) => (await admin(`/api/scoring/backfills/${id}`)).json<ScoringBackfill>();
    const [stalled, alive, between] = await Promise.all(cases.map((c) => read(c.id)));
    expect(stalled).toMatchObject({
      status: 'failed',
      completed: 0,
      error: expect.stringContaining('2026-01-01'),
    });
    expect(stalled!.finishedAt).not.toBeNull();
    expect(alive).toMatchObject({ status: 'running', error: null });
    expect(between).toMatchObject({
      status: 'failed',
      completed: 1,
      error: expect.stringContaining('2026-01-02'),
    });
  });

  it('scores the last N days with usage and no snapshot, oldest first, and skips scored days', async () => {
    const plan = uid('backfill');
    await planSegment(plan, INPUTS_MODEL);
    // Days no other test of this file scores.
    const [d1, d2, d3] = [addDays(today(), -9), addDays(today(), -8), addDays(today(), -7)];
    const acct = await seedHistory({ plan, seats: 2, activated: [addDays(d1, -1)], usage: [d1, d2, d3] });
    // Day d2 already has a snapshot of this account: the whole day counts as scored.
    await seedSnapshot(acct.id, d2, { score: 40, tier: 'yellow' });

    const res = await admin('/api/scoring/backfill', { body: { days: 9 } });
    expect(res.status).toBe(202);
    const started = await res.json<ScoringBackfill>();
    expect(started.days).toContain(d1);
    expect(started.days).toContain(d3);
    expect(started.days).not.toContain(d2);
    expect(started.days).toEqual([...started.days].sort());
    expect(started.days.every((d) => d >= addDays(today(), -9) && d < today())).toBe(true);
    expect(started.total).toBe(started.days.length);

    const done = await waitForBackfill(started.backfillId);
    expect(done).toMatchObject({ status: 'done', completed: started.total, currentRunId: null, error: null });
    const runs = await rows<{ id: string; as_of: string; status: string }>(
      'SELECT id, as_of, status FROM scoring_runs WHERE backfill_id = ? ORDER BY started_at, rowid',
      started.backfillId,
    );
    // One run per day, oldest first.
    expect(runs.map((r) => r.as_of)).toEqual(started.days);
    expect(runs.every((r) => r.status === 'done')).toBe(true);
    expect(await snapshotOf(acct.id, d1)).toMatchObject({ runId: runs[started.days.indexOf(d1)]!.id });
    expect(await snapshotOf(acct.id, d3)).toMatchObject({
      runId: runs[started.days.indexOf(d3)]!.id,
      raw: { activeDays: 3 },
    });
    expect(await snapshotOf(acct.id, d2)).toMatchObject({ runId: 'seeded' });

    // Nothing left to do for those days: a second backfill skips them.
    const second = await (
      await admin('/api/scoring/backfill', { body: { days: 9 } })
    ).json<ScoringBackfill>();
    expect(second.days).not.toContain(d1);
    expect(second.days).not.toContain(d3);
    await waitForBackfill(second.backfillId);

    const audit = await (await admin(`/api/audit?entity=scoring&entityId=${started.backfillId}`)).json<{
      items: { action: string; details: Record<string, unknown> }[];
    }>();
    expect(audit.items).toEqual([
      expect.objectContaining({ action: 'scoring.backfill', details: { days: 9, scored: started.days } }),
    ]);
  });

  it('validates the request and is for admins only', async () => {
    for (const body of [{}, { days: 0 }, { days: 366 }, { days: 1.5 }, { days: '30' }]) {
      const res = await admin('/api/scoring/backfill', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
    const { token } = await createApiToken('csm');
    const res = await admin('/api/scoring/backfill', { body: { days: 5 }, token });
    expect(res.status).toBe(403);
    const missing = await admin('/api/scoring/backfills/7c9e6679-7425-40de-944b-e07fc1f90ae7');
    expect(missing.status).toBe(404);
  });
});

describe('survey answers received today', () => {
  it('count in a run started today', async () => {
    const plan = uid('nps-today');
    await planSegment(plan, {
      measures: [
        {
          key: 'nps',
          kind: 'nps',
          windowDays: 30,
          weight: 100,
          normalisation: { kind: 'linear', min: -100, max: 100 },
        },
      ],
    });
    const acct = await seedHistory({ plan, seats: 1, activated: [], usage: [] });
    await answer((await createSurvey()).id, acct.externalId, 10);
    const res = await startRun();
    expect(res.status).toBe(202);
    await waitForRun((await res.json<{ runId: string }>()).runId, 60_000);
    expect(await snapshotOf(acct.id, today())).toMatchObject({ raw: { nps: 100 } });
  });
});
