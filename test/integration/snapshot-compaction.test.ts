import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/time';
import { getDb } from '../../worker/common/db';
import { AGGREGATE, dimensionMeansSql } from '../../worker/dashboard/rollups-store';
import worker, { CRONS } from '../../worker/index';
import {
  COMPACTION_KEY,
  compactSnapshotHistory,
  snapshotRunIdSql,
} from '../../worker/scoring/compaction-store';
import { loadScoringBatch } from '../../worker/scoring/load-store';
import {
  admin,
  planSegment,
  rows,
  runScoring,
  type ScoringRunBody,
  seedSnapshot,
  snapshotDimensions,
  snapshotMeasures,
  today,
  uid,
  waitForRun,
} from './helpers';

// Snapshot compaction (issue 17, storage growth): only an account's latest snapshot keeps its full
// explanation; every earlier one keeps its columns, its dimension scores and its measures' raw values and
// benchmarks in a compact row — written so by the scoring batch that supersedes it, and by the retention
// cron's resumable job for history written before. Real runs in workerd's D1, real cron handler.

interface Row {
  period: string;
  config: string | null;
  benchmarks: string | null;
  run_id: string;
  /** The run id read back from a compact row's reference (snapshotRunIdSql). */
  resolved_run_id: string;
  segment_id: string;
  model_version_id: number;
  score: number | null;
  tier: string | null;
  computed_score: number | null;
  computed_tier: string | null;
  overridden: number;
  coverage: number;
  insufficient_data: number;
  dimensions: string;
  measures: string;
  improvements: string;
  computed_at: number;
}

const snapshots = (accountId: number) =>
  getDb(env.DB).all<Row>(
    sql`SELECT s.*, ${snapshotRunIdSql('s')} AS resolved_run_id,
       (SELECT config FROM model_versions v WHERE v.id = s.model_version_id) AS config,
       (SELECT benchmarks FROM snapshot_benchmarks b WHERE b.run_id = s.run_id AND b.segment_id = s.segment_id
          AND b.model_version_id = s.model_version_id) AS benchmarks
     FROM score_snapshots s WHERE account_id = ${accountId} ORDER BY period`,
  );

const significant = (x: number | null | undefined, digits: number) =>
  x === null || x === undefined || Number.isInteger(x) || Math.abs(x) >= 1e6
    ? x
    : Number(x.toPrecision(digits));

/** What a compact row must still say about a snapshot: every column, dimension scores, measure raw and benchmark. */
function facts(r: Row) {
  const { dimensions, measures, improvements, config, benchmarks, resolved_run_id, ...columns } = r;
  // A compact row stores the computed score and tier NULL when they equal the effective ones (no override).
  const same = !r.overridden && r.computed_score === null;
  return {
    columns: {
      ...columns,
      // …and its run as a reference.
      run_id: resolved_run_id,
      computed_score: same ? r.score : r.computed_score,
      computed_tier: same ? r.tier : r.computed_tier,
    },
    dimensions: snapshotDimensions(dimensions, config),
    // History keeps measure raw values to three significant digits, benchmarks to six.
    measures: Object.fromEntries(
      Object.entries(snapshotMeasures(measures, config, benchmarks)).map(([k, [raw, benchmark]]) => [
        k,
        [significant(raw, 3), significant(benchmark, 6)],
      ]),
    ),
  };
}

/** Full: the dimensions are objects; compact: scores by position in the model version (or keyed). */
const isFull = (r: Row) => {
  const dims = JSON.parse(r.dimensions) as unknown;
  return Array.isArray(dims) && typeof dims[0] === 'object' && dims[0] !== null;
};
const isPositional = (r: Row) => Array.isArray(JSON.parse(r.dimensions)) && !isFull(r);

async function runAsOf(asOf: string): Promise<ScoringRunBody> {
  const res = await admin('/api/scoring/run', { method: 'POST', body: { asOf } });
  if (res.status !== 202) throw new Error(`asOf run: ${res.status} ${await res.text()}`);
  return waitForRun((await res.json<{ runId: string }>()).runId, 60_000);
}

const noon = (day: string) => Date.parse(`${day}T12:00:00Z`);
const t = () => today();
const plan = uid('plan-compact');
let account: { id: number; externalId: string };

beforeAll(async () => {
  await planSegment(plan);
  // 10 seats; users activated 10, 2 and 1 days ago: the score (seat activation) moves from day to day.
  const externalId = uid('compact');
  const created = await env.DB.prepare(
    `INSERT INTO accounts (external_id, name, plan, seats, traits, created_at, last_seen_at)
     VALUES (?, ?, ?, 10, '{}', ?, ?) RETURNING id`,
  )
    .bind(externalId, `Account ${externalId}`, plan, Date.now(), noon(addDays(t(), -1)))
    .first<{ id: number }>();
  account = { id: created!.id, externalId };
  await env.DB.batch([
    ...Array.from({ length: 12 }, (_, i) =>
      env.DB.prepare(
        'INSERT INTO account_days (account_id, day, events, active_users, active_ms, features_used) VALUES (?, ?, 3, 1, 60000, 0)',
      ).bind(account.id, addDays(t(), -(i + 1))),
    ),
    ...[10, 2, 1].map((ago, i) =>
      env.DB.prepare(
        `INSERT INTO users (external_id, account_id, linked_at, traits, created_at, activated_at, last_seen_at)
         VALUES (?, ?, ?, '{}', ?, ?, ?)`,
      ).bind(
        `${externalId}-u${i}`,
        account.id,
        Date.now(),
        Date.now(),
        noon(addDays(t(), -ago)),
        noon(addDays(t(), -ago)),
      ),
    ),
  ]);
});

describe('snapshot compaction on write', () => {
  let before: Map<string, Row>;

  it('keeps the latest snapshot full and compacts the one it supersedes, losing no score, tier or dimension score', async () => {
    before = new Map();
    for (const ago of [3, 2]) {
      expect((await runAsOf(addDays(t(), -ago))).status).toBe('done');
      const latest = (await snapshots(account.id)).at(-1)!;
      expect(latest.period).toBe(addDays(t(), -ago));
      expect(isFull(latest)).toBe(true);
      before.set(latest.period, latest);
    }
    expect((await runScoring()).status).toBe('done');
    const after = await snapshots(account.id);
    expect(after.map((r) => r.period)).toEqual([addDays(t(), -3), addDays(t(), -2), t()]);
    const [d3, d2, now] = after as [Row, Row, Row];
    // Today's: the full explanation, labels and points included.
    expect(isFull(now)).toBe(true);
    expect(JSON.parse(now.measures)[0]).toMatchObject({ key: 'seatShare', label: expect.any(String) });
    // The two before: compact rows with the same facts.
    expect(now.run_id).toBe(now.resolved_run_id);
    for (const row of [d3, d2]) {
      expect(isFull(row)).toBe(false);
      // Its run as a short reference that reads back as the run's id.
      expect(row.run_id).toMatch(/^#\d+$/);
      expect(row.resolved_run_id).toBe(before.get(row.period)!.run_id);
      expect(isPositional(row)).toBe(true);
      expect([row.computed_score, row.computed_tier]).toEqual([null, null]);
      // Its benchmarks are the run's, stored once for its segment and model version.
      expect(JSON.parse(row.measures)).toHaveLength(1);
      expect(row.benchmarks).not.toBeNull();
      // No improvements: they are the latest snapshot's to tell (2 bytes a row).
      expect(row.improvements).toBe('');
      expect(facts(row)).toEqual(facts(before.get(row.period)!));
      expect(row.measures.length).toBeLessThan(before.get(row.period)!.measures.length / 2);
    }
    // The scores moved (users activated in between), so the compact rows are not one copy.
    expect(new Set([d3.score, d2.score, now.score]).size).toBe(3);
  }, 180_000);

  it('stores a backfilled day older than the latest compact at once, and its run still counts it', async () => {
    const day = addDays(t(), -5);
    expect((await runAsOf(day)).status).toBe('done');
    const [row] = (await snapshots(account.id)).filter((r) => r.period === day);
    expect(isFull(row!)).toBe(false);
    // The run's platform statistics of the day read the compact row's measure raw values.
    const raw = snapshotMeasures(row!.measures, row!.config, row!.benchmarks).seatShare![0];
    const [stat] = await rows<{ mean: number; count: number }>(
      `SELECT mean, count FROM measure_daily_stats WHERE period = ? AND measure_key = 'seatShare'`,
      day,
    );
    expect(stat).toEqual({ mean: raw, count: 1 });
  }, 120_000);

  it('every reader of past snapshots still answers from compact rows', async () => {
    const all = await snapshots(account.id);
    const past = all.filter((r) => r.period < t());
    // Score history (account page, trends): one item per day with the stored score and tier.
    const history = await admin(`/api/accounts/${account.externalId}/health/history?days=30`);
    expect(history.status).toBe(200);
    const items = (
      await history.json<{
        items: { period: string; score: number; tier: string; computedScore: number | null }[];
      }>()
    ).items;
    expect(items.map((i) => [i.period, i.score, i.tier, i.computedScore])).toEqual(
      all.map((r) => [r.period, r.score, r.tier, facts(r).columns.computed_score]),
    );
    expect(items.every((i) => i.computedScore !== null)).toBe(true);
    // The account page and its insight explain the latest (full) snapshot.
    const page = await admin(`/api/accounts/${account.externalId}`);
    expect(page.status).toBe(200);
    const health = (await page.json<{ health: { period: string; measures: { label: string }[] } }>()).health;
    expect(health.period).toBe(t());
    expect(health.measures[0]!.label).toBeTruthy();
    const insight = await admin(`/api/accounts/${account.externalId}/insight`);
    expect(insight.status).toBe(200);
    expect((await insight.json<{ dimensions: unknown[] }>()).dimensions.length).toBeGreaterThan(0);
    expect((await admin('/api/dashboard')).status).toBe(200);

    // The alert rules' history: each compact day's measure raw value and benchmark.
    const db = getDb(env.DB);
    const loaded = await loadScoringBatch(db, [account.id], {
      asOfDay: addDays(t(), -1),
      period: t(),
      now: Date.now(),
      historyDays: 30,
      windows: [30],
      snapshotDays: 10,
      historyMeasureKeys: ['seatShare'],
    });
    const entries = loaded.accounts.get(account.id)!.history;
    expect(entries.map((h) => h.period).sort()).toEqual(past.map((r) => r.period));
    for (const h of entries) {
      const row = past.find((r) => r.period === h.period)!;
      const [raw, benchmark] = snapshotMeasures(row.measures, row.config, row.benchmarks).seatShare!;
      expect(h.measures.seatShare).toEqual({ raw, benchmark });
      expect(h.score).toBe(row.score);
    }

    // The dashboard's dimension means of a compacted day (what a run of that day stores, and the insight's
    // live fallback reads the same way).
    const day = addDays(t(), -3);
    await db.run(dimensionMeansSql(day, Date.now()));
    const [stored] = await rows<{ value: string }>(
      'SELECT value FROM dashboard_aggregates WHERE kind = ? AND period = ?',
      AGGREGATE.dimensionMeans,
      day,
    );
    const compactRow = all.find((r) => r.period === day)!;
    expect(isPositional(compactRow)).toBe(true);
    const compact = snapshotDimensions(compactRow.dimensions, compactRow.config);
    const means = JSON.parse(stored!.value) as [string, number, number][];
    expect(Object.fromEntries(means.map(([key, mean, n]) => [key, n === 0 ? null : mean]))).toEqual(compact);
  }, 60_000);

  it("records a backfilled day's tier transition though its row is compact (a run reference) by then", async () => {
    // A green day before: the backfilled day (red: 1 of 10 seats active) declines from it. Newer snapshots
    // exist, so the batch compacts the day's row before it writes the transitions of the rows it wrote.
    const [before, day] = [addDays(t(), -7), addDays(t(), -6)];
    await seedSnapshot(account.id, before, { score: 99, tier: 'green', segmentId: plan });
    const run = await runAsOf(day);
    expect(run.status).toBe('done');
    const [row] = (await snapshots(account.id)).filter((r) => r.period === day);
    expect(row!.run_id).toMatch(/^#\d+$/);
    expect(row!.tier).toBe('red');
    expect(
      await rows(
        'SELECT kind, from_tier, to_tier FROM tier_transitions WHERE account_id = ? AND period = ?',
        account.id,
        day,
      ),
    ).toEqual([{ kind: 'decline', from_tier: 'green', to_tier: 'red' }]);
  }, 120_000);
});

describe('the history compaction job', () => {
  it('compacts history written before compaction in resumable chunks from the daily cron, losing nothing', async () => {
    // Three accounts with four days of full snapshots each, as every run wrote them before compaction: the
    // full explanation of a real run (this file's account's latest), scores differing per row.
    const [template] = (await snapshots(account.id)).filter((r) => r.period === t());
    const ids: number[] = [];
    const extraMeasure = { key: 'handWritten', label: 'Hand-written', raw: 0.123456789, benchmark: 2 / 3 };
    // The fourth account's older rows were compacted before run references existed: positional, with their
    // run's id and that run's benchmarks stored under it.
    const templateMeasures = JSON.parse(template!.measures) as {
      raw: number | null;
      benchmark: number | null;
    }[];
    for (let a = 0; a < 4; a++) {
      const externalId = uid('old');
      const created = await env.DB.prepare(
        `INSERT INTO accounts (external_id, name, plan, seats, traits, created_at) VALUES (?, ?, ?, 10, '{}', ?) RETURNING id`,
      )
        .bind(externalId, externalId, plan, Date.now())
        .first<{ id: number }>();
      ids.push(created!.id);
      for (let ago = 4; ago >= 1; ago--) {
        const score = 10 * a + ago;
        const dims = (JSON.parse(template!.dimensions) as { score: number | null }[]).map((d) => ({
          ...d,
          score: d.score === null ? null : score,
        }));
        if (a === 3 && ago > 1) {
          const runId = `old-compact-${ago}`;
          await env.DB.batch([
            env.DB.prepare(
              `INSERT INTO score_snapshots (account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score,
                 computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at)
               VALUES (?, ?, ?, ?, ?, ?, 'red', NULL, NULL, 0, ?, 0, ?, ?, '[]', ?)`,
            ).bind(
              created!.id,
              addDays(t(), -ago),
              runId,
              template!.segment_id,
              template!.model_version_id,
              score,
              template!.coverage,
              JSON.stringify(dims.map((d) => d.score)),
              JSON.stringify([templateMeasures.map((m) => m.raw)]),
              noon(addDays(t(), -ago)),
            ),
            env.DB.prepare(
              'INSERT INTO snapshot_benchmarks (run_id, segment_id, model_version_id, benchmarks) VALUES (?, ?, ?, ?)',
            ).bind(
              runId,
              template!.segment_id,
              template!.model_version_id,
              JSON.stringify(templateMeasures.map((m) => m.benchmark)),
            ),
          ]);
          continue;
        }
        await env.DB.prepare(
          `INSERT INTO score_snapshots (account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score,
             computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at)
           VALUES (?, ?, ?, ?, ?, ?, 'red', ?, 'red', 0, ?, 0, ?, ?, ?, ?)`,
        )
          .bind(
            created!.id,
            addDays(t(), -ago),
            `old-run-${ago}`,
            template!.segment_id,
            template!.model_version_id,
            score,
            score,
            template!.coverage,
            JSON.stringify(dims),
            // The third account's rows list a measure its model version does not have (a hand-written row):
            // positions would not mean keys, so it is compacted keyed.
            a === 2 ? JSON.stringify([...JSON.parse(template!.measures), extraMeasure]) : template!.measures,
            '[{"measureKey":"seatShare","pointsNeeded":20}]',
            noon(addDays(t(), -ago)),
          )
          .run();
      }
    }
    const before = new Map<number, Row[]>();
    for (const id of ids) before.set(id, await snapshots(id));
    await rows('DELETE FROM settings WHERE key = ?', COMPACTION_KEY);

    // One chunk of two rows: it stops there and keeps its place.
    const db = getDb(env.DB);
    const first = await compactSnapshotHistory(db, Date.now(), { chunk: 2, maxChunks: 1 });
    expect(first.done).toBe(false);
    expect(first.after).toBe(2);
    const [place] = await rows<{ value: string }>('SELECT value FROM settings WHERE key = ?', COMPACTION_KEY);
    expect(JSON.parse(place!.value)).toEqual({ after: 2 });

    // The daily retention cron carries on from there to the end.
    const ctx = createExecutionContext();
    await (worker as ExportedHandler<Cloudflare.Env>).scheduled!(
      createScheduledController({ cron: CRONS.retention, scheduledTime: Date.now() }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);

    for (const id of ids) {
      const after = await snapshots(id);
      expect(after.map((r) => r.period)).toEqual(before.get(id)!.map((r) => r.period));
      expect(after.map(isFull)).toEqual([false, false, false, true]);
      const keyed = id === ids[2];
      expect(after.slice(0, 3).map(isPositional)).toEqual([!keyed, !keyed, !keyed]);
      if (keyed) expect(snapshotMeasures(after[0]!.measures).handWritten).toEqual([0.123456789, 2 / 3]);
      // Every history row refers to its run (those compacted before references too), which reads back.
      expect(after.slice(0, 3).map((r) => r.run_id)).toEqual(
        after.slice(0, 3).map(() => expect.stringMatching(/^#\d+$/)),
      );
      expect(after.map((r) => r.resolved_run_id)).toEqual(before.get(id)!.map((r) => r.run_id));
      expect(after.map(facts)).toEqual(before.get(id)!.map(facts));
      expect(after.at(-1)).toEqual(before.get(id)!.at(-1));
    }
    // Every account's latest snapshot is full, every other one compact.
    const [left] = await rows<{ full: number; latestCompact: number }>(
      `SELECT count(CASE WHEN json_type(s.dimensions, '$[0]') = 'object' AND s.period < (SELECT max(period) FROM score_snapshots x WHERE x.account_id = s.account_id) THEN 1 END) AS full,
              count(CASE WHEN json_type(s.dimensions, '$[0]') IS NOT 'object' AND s.period = (SELECT max(period) FROM score_snapshots x WHERE x.account_id = s.account_id) THEN 1 END) AS latestCompact
       FROM score_snapshots s`,
    );
    expect(left).toEqual({ full: 0, latestCompact: 0 });

    // Done: the next call has nothing to do.
    const again = await compactSnapshotHistory(db, Date.now());
    expect(again).toMatchObject({ compacted: 0, done: true });
  }, 60_000);
});
