import { applyD1Migrations, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '../../shared/alerts';
import { DEFAULT_MODEL, DEFAULT_SEGMENT } from '../../shared/health';
import { rows } from './helpers';

// The migrations on their own: the defaults a fresh install gets, an existing install left as its admin set
// it, and the aggregates earlier runs stored as prefixed rows moved to `dashboard_aggregates`.

const upTo = (prefix: string) => env.TEST_MIGRATIONS.filter((m) => m.name < prefix);
const all = <T>(db: D1Database, query: string, ...params: unknown[]) =>
  db
    .prepare(query)
    .bind(...params)
    .all<T>()
    .then((r) => r.results);

describe('migrations', () => {
  it('give a fresh database the default model, segment and alert rules', async () => {
    const [version] = await rows<{ model_id: string; version: number; status: string; config: string }>(
      "SELECT model_id, version, status, config FROM model_versions WHERE model_id = 'default'",
    );
    expect(version).toMatchObject({ model_id: 'default', version: 1, status: 'published' });
    expect(JSON.parse(version!.config)).toEqual(DEFAULT_MODEL);
    const [model] = await rows<{ created_at: number }>("SELECT created_at FROM models WHERE id = 'default'");
    // Stamped with the time the migration ran.
    expect(Math.abs(model!.created_at - Date.now())).toBeLessThan(3_600_000);

    const segments = await rows<Record<string, unknown>>(
      'SELECT id, name, position, match, conditions, model_id, is_default FROM segments',
    );
    expect(segments).toEqual([
      {
        id: DEFAULT_SEGMENT.id,
        name: DEFAULT_SEGMENT.name,
        position: DEFAULT_SEGMENT.order,
        match: DEFAULT_SEGMENT.match,
        conditions: '[]',
        model_id: DEFAULT_SEGMENT.modelId,
        is_default: 1,
      },
    ]);

    const rules = await rows<Record<string, string | number>>(
      'SELECT id, kind, name, params, severity, playbook, enabled FROM alert_rules ORDER BY rowid',
    );
    expect(
      rules.map((r) => ({ ...r, params: JSON.parse(r.params as string), enabled: r.enabled === 1 })),
    ).toEqual(
      DEFAULT_ALERT_RULES.map(({ id, kind, name, params, severity, playbook, enabled }) => ({
        id,
        kind,
        name,
        params,
        severity,
        playbook,
        enabled,
      })),
    );
  });

  it('leave an existing install’s model, segments and edited rules alone, and add missing default rules', async () => {
    const db = env.MIGRATIONS_TEST_DB;
    await applyD1Migrations(db, upTo('0008_'));
    const now = Date.now();
    await db.batch([
      db.prepare(
        `INSERT INTO models (id, name, created_at, updated_at) VALUES ('custom', 'Custom', ${now}, ${now})`,
      ),
      db.prepare(
        `INSERT INTO segments (id, name, position, match, conditions, model_id, is_default, created_at, updated_at)
         VALUES ('catch-all', 'Everyone', 0, 'all', '[]', 'custom', 1, ${now}, ${now})`,
      ),
      db.prepare(
        `INSERT INTO alert_rules (id, kind, name, params, severity, playbook, enabled, created_at, updated_at)
         VALUES ('stale-data', 'stale_data', 'Quiet for a month', '{"days":30}', 'info', 'Our own playbook', 0, ${now}, ${now})`,
      ),
    ]);
    await applyD1Migrations(db, env.TEST_MIGRATIONS);

    expect(await all(db, 'SELECT id FROM segments')).toEqual([{ id: 'catch-all' }]);
    expect(await all(db, 'SELECT id FROM models')).toEqual([{ id: 'custom' }]);
    expect(await all(db, 'SELECT count(*) AS n FROM model_versions')).toEqual([{ n: 0 }]);
    expect(
      await all(
        db,
        "SELECT name, params, severity, playbook, enabled FROM alert_rules WHERE id = 'stale-data'",
      ),
    ).toEqual([
      {
        name: 'Quiet for a month',
        params: '{"days":30}',
        severity: 'info',
        playbook: 'Our own playbook',
        enabled: 0,
      },
    ]);
    const ids = await all<{ id: string }>(db, 'SELECT id FROM alert_rules ORDER BY id');
    expect(ids.map((r) => r.id)).toEqual(DEFAULT_ALERT_RULES.map((r) => r.id).sort());
  });

  it('move the aggregates stored in settings and measure_benchmarks to dashboard_aggregates', async () => {
    const db = env.MIGRATIONS_TEST_DB;
    // Migrated up to the table (whatever the test before did), with rows as earlier runs stored them.
    await applyD1Migrations(db, upTo('0009_'));
    await db.exec('DROP TABLE IF EXISTS dashboard_aggregates');
    // Only 0009 is undone: later migrations (already applied by the test before) stay applied.
    await db.prepare("DELETE FROM d1_migrations WHERE name >= '0009_' AND name < '0010_'").run();
    const counts = '{"tiers":[["default","green",3]],"transitions":[["default","win",1,500]]}';
    const rollup = '{"runId":"r1","period":"2026-05-02","segments":{}}';
    await db.batch([
      ...[
        ['tier-counts:2026-05-01', counts, 11],
        ['owner-tier-counts:a|b@example.com|2026-05-01', counts, 12],
        ['dashboard:latest', rollup, 13],
        ['tiers', '[]', 14],
      ].map(([key, value, at]) =>
        db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').bind(key, value, at),
      ),
      ...[
        ['dim:default', 'usage', 61.5, 4],
        ['dim:default', 'outcomes', 0, 0],
        ['segment:default', 'loginRate', 0.4, 4],
      ].map(([scope, key, mean, count]) =>
        db
          .prepare(
            "INSERT INTO measure_benchmarks (scope, measure_key, mean, count, period) VALUES (?, ?, ?, ?, '2026-05-01')",
          )
          .bind(scope, key, mean, count),
      ),
    ]);
    await applyD1Migrations(db, env.TEST_MIGRATIONS);

    const moved = await all<{
      kind: string;
      scope: string;
      period: string;
      value: string;
      updated_at: number;
    }>(db, 'SELECT kind, scope, period, value, updated_at FROM dashboard_aggregates ORDER BY kind, scope');
    expect(moved.map(({ updated_at: _, ...r }) => r)).toEqual([
      {
        kind: 'dimension-means',
        scope: 'default',
        period: '2026-05-01',
        value: expect.any(String),
      },
      { kind: 'latest-rollup', scope: '', period: '', value: rollup },
      { kind: 'owner-tier-counts', scope: 'a|b@example.com', period: '2026-05-01', value: counts },
      { kind: 'tier-counts', scope: '', period: '2026-05-01', value: counts },
    ]);
    expect(moved.map((r) => r.updated_at).slice(1)).toEqual([13, 12, 11]);
    expect(JSON.parse(moved[0]!.value).sort()).toEqual([
      ['outcomes', 0, 0],
      ['usage', 61.5, 4],
    ]);
    expect(await all(db, 'SELECT key FROM settings')).toEqual([{ key: 'tiers' }]);
    expect(await all(db, 'SELECT scope, measure_key FROM measure_benchmarks')).toEqual([
      { scope: 'segment:default', measure_key: 'loginRate' },
    ]);
  });

  it('rename recorded wins and saves the CS literature calls improvements (default tier keys only)', async () => {
    const db = env.MIGRATIONS_TEST_DB;
    await applyD1Migrations(db, upTo('0011_'));
    // Only 0011 is undone: later migrations (already applied by the tests before) stay applied.
    await db.prepare("DELETE FROM d1_migrations WHERE name >= '0011_' AND name < '0012_'").run();
    await db.exec('DELETE FROM tier_transitions');
    const changes = [
      [1, 'win', 'yellow', 'green'],
      [2, 'win', 'green-yellow', 'green'],
      [3, 'save', 'red', 'yellow'],
      [4, 'save', 'red', 'green'],
      [5, 'win', 'fair', 'great'],
      [6, 'decline', 'green', 'red'],
    ] as const;
    await db.batch(
      changes.map(([id, kind, from, to]) =>
        db
          .prepare(
            `INSERT INTO tier_transitions (account_id, period, kind, from_tier, to_tier, created_at)
             VALUES (?, '2026-05-01', ?, ?, ?, 1)`,
          )
          .bind(id, kind, from, to),
      ),
    );
    await applyD1Migrations(db, env.TEST_MIGRATIONS);
    const kinds = await all<{ kind: string }>(db, 'SELECT kind FROM tier_transitions ORDER BY account_id');
    expect(kinds.map((k) => k.kind)).toEqual(['win', 'improve', 'save', 'improve', 'win', 'decline']);
  });

  describe('0012 upgrades the first default model to the redesigned one', () => {
    // The v1 config 0008 seeded before the redesign, as 0012 recognises it (its last statement's literal).
    const v2 = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0012_'))!;
    const oldV1 = v2.queries
      .at(-1)!
      .match(/`config` = '((?:[^']|'')*)'/)![1]!
      .replaceAll("''", "'");
    const literal = "'((?:[^']|'')*)'";
    const unquote = (s: string) => s.replaceAll("''", "'");
    // The two default measure rules as 0008 seeded them before (0012 recognises them the same way).
    const oldRules = ['low-seat-activation', 'engagement-below-segment'].map((id) => {
      const m = v2.queries
        .find((q) => q.includes('UPDATE `alert_rules`') && q.includes(`\`id\` = '${id}'`))!
        .match(
          new RegExp(`\`name\` = ${literal} AND \`params\` = ${literal} AND \`playbook\` = ${literal}`),
        )!;
      return { id, name: unquote(m[1]!), params: unquote(m[2]!), playbook: unquote(m[3]!) };
    });
    const installWith = async (versions: [number, string, string][]) => {
      const db = env.MIGRATIONS_TEST_DB;
      await applyD1Migrations(db, upTo('0012_'));
      await db.prepare("DELETE FROM d1_migrations WHERE name >= '0012_' AND name < '0013_'").run();
      await db.batch([
        ...oldRules.map((r) =>
          db
            .prepare('UPDATE alert_rules SET name = ?, params = ?, playbook = ? WHERE id = ?')
            .bind(r.name, r.params, r.playbook, r.id),
        ),
        db.prepare("DELETE FROM audit_log WHERE entity = 'alert_rule'"),
        db.prepare('DELETE FROM model_versions'),
        db.prepare('DELETE FROM models'),
        db.prepare("DELETE FROM audit_log WHERE entity = 'model'"),
        db.prepare(
          "INSERT INTO models (id, name, created_at, updated_at) VALUES ('default', 'Default model', 1, 1)",
        ),
        ...versions.map(([version, status, config]) =>
          db
            .prepare(
              "INSERT INTO model_versions (model_id, version, status, config, created_at, published_at) VALUES ('default', ?, ?, ?, 1, 1)",
            )
            .bind(version, status, config),
        ),
      ]);
      await applyD1Migrations(db, env.TEST_MIGRATIONS);
      return all<{ version: number; status: string; config: string }>(
        db,
        "SELECT version, status, config FROM model_versions WHERE model_id = 'default' ORDER BY version",
      );
    };

    it('publishes the current default as v2 on an install still scoring with the untouched v1, audited', async () => {
      expect(JSON.parse(oldV1).measures.map((m: { key: string }) => m.key)).toContain('loginRate');
      const versions = await installWith([[1, 'published', oldV1]]);
      expect(versions.map((v) => [v.version, v.status])).toEqual([
        [1, 'retired'],
        [2, 'published'],
      ]);
      expect(JSON.parse(versions[1]!.config)).toEqual(DEFAULT_MODEL);
      const audit = await all<{ actor: string; action: string; details: string }>(
        env.MIGRATIONS_TEST_DB,
        "SELECT actor, action, details FROM audit_log WHERE entity = 'model'",
      );
      expect(audit).toEqual([
        {
          actor: 'system:migration 0012',
          action: 'model.publish',
          details: expect.stringContaining('"version":2'),
        },
      ]);
    });

    it('leaves an edited default model, or one with a draft, as its admin left it', async () => {
      const edited = JSON.stringify({ ...JSON.parse(oldV1), minCoverage: 0.6 });
      expect(await installWith([[1, 'published', edited]])).toEqual([
        { version: 1, status: 'published', config: edited },
      ]);
      expect(
        (
          await installWith([
            [1, 'published', oldV1],
            [2, 'draft', edited],
          ])
        ).map((v) => [v.version, v.status, v.config]),
      ).toEqual([
        [1, 'published', oldV1],
        [2, 'draft', edited],
      ]);
      expect(
        await all(
          env.MIGRATIONS_TEST_DB,
          "SELECT count(*) AS n FROM audit_log WHERE entity IN ('model', 'alert_rule')",
        ),
      ).toEqual([{ n: 0 }]);
      // …and its alert rules as seeded: they still name the measures of the model it scores with.
      const [rule] = await all<{ params: string }>(
        env.MIGRATIONS_TEST_DB,
        "SELECT params FROM alert_rules WHERE id = 'low-seat-activation'",
      );
      expect(rule!.params).toBe(oldRules[0]!.params);
    });
  });

  describe('0019 adds the look-back rules and the NPS follow-up defaults to an existing install', () => {
    const m19 = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0019_'))!;
    const literal = "'((?:[^']|'')*)'";
    const unquote = (s: string) => s.replaceAll("''", "'");
    // The rules as an install had them before 0019 (the migration recognises them by these literals).
    const oldRules = ['engagement-below-segment', 'nps-passive', 'nps-promoter'].map((id) => {
      const m = m19.queries
        .find((q) => q.includes('UPDATE `alert_rules`') && q.includes(`\`id\` = '${id}'`))!
        .match(
          new RegExp(`\`name\` = ${literal} AND \`params\` = ${literal} AND \`playbook\` = ${literal}`),
        )!;
      return { id, name: unquote(m[1]!), params: unquote(m[2]!), playbook: unquote(m[3]!) };
    });

    it('inserts the new rules, updates untouched defaults, leaves an edited one, audits, and backfills platform statistics', async () => {
      const db = env.MIGRATIONS_TEST_DB;
      await applyD1Migrations(db, upTo('0019_'));
      await db.prepare("DELETE FROM d1_migrations WHERE name >= '0019_' AND name < '0020_'").run();
      const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
      await db.batch([
        db.prepare("DELETE FROM alert_rules WHERE id IN ('benchmark-customer', 'usage-below-own-average')"),
        ...oldRules.map((r) =>
          db
            .prepare('UPDATE alert_rules SET name = ?, params = ?, playbook = ? WHERE id = ?')
            .bind(r.name, r.params, r.id === 'nps-promoter' ? 'Our own promoter playbook' : r.playbook, r.id),
        ),
        db.prepare("DELETE FROM audit_log WHERE entity = 'alert_rule'"),
        db.prepare('DELETE FROM measure_daily_stats'),
        db.prepare('DELETE FROM score_snapshots'),
        db.prepare('DELETE FROM accounts'),
        db.prepare(
          "INSERT INTO accounts (id, external_id, name, seats, traits, created_at) VALUES (901, 'm18-a', 'A', 10, '{}', 1), (902, 'm18-b', 'B', 100, '{}', 1)",
        ),
        // 1 of 10 seats active and 60 of 100: mean of the rates 35 %, pooled 61 ÷ 110.
        ...[
          [901, 0.1],
          [902, 0.6],
        ].map(([id, raw]) =>
          db
            .prepare(
              `INSERT INTO score_snapshots (account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score,
                 computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at)
               VALUES (?, ?, 'r', 'default', 1, 50, 'yellow', 50, 'yellow', 0, 1, 0, '[]', ?, '[]', 1)`,
            )
            .bind(id, day, JSON.stringify([{ key: 'activeSeats', raw, benchmark: null }])),
        ),
      ]);
      await applyD1Migrations(db, env.TEST_MIGRATIONS);

      const stored = await all<{ id: string; name: string; params: string; playbook: string }>(
        db,
        'SELECT id, name, params, playbook FROM alert_rules ORDER BY id',
      );
      const byId = new Map(stored.map((r) => [r.id, r]));
      const defaults = new Map(DEFAULT_ALERT_RULES.map((r) => [r.id, r]));
      for (const id of [
        'benchmark-customer',
        'usage-below-own-average',
        'engagement-below-segment',
        'nps-passive',
      ]) {
        const want = defaults.get(id)!;
        expect(byId.get(id), id).toEqual({
          id,
          name: want.name,
          params: JSON.stringify(want.params),
          playbook: want.playbook,
        });
      }
      // The promoter rule's playbook was edited: left alone (its '{}' params read as raiseAlert false anyway).
      expect(byId.get('nps-promoter')).toMatchObject({ params: '{}', playbook: 'Our own promoter playbook' });
      const audit = await all<{ actor: string; entity_id: string }>(
        db,
        "SELECT actor, entity_id FROM audit_log WHERE entity = 'alert_rule' ORDER BY id",
      );
      expect(audit).toEqual(
        ['benchmark-customer', 'usage-below-own-average', 'engagement-below-segment', 'nps-passive'].map(
          (entity_id) => ({ actor: 'system:migration 0019', entity_id }),
        ),
      );
      const [stats] = await all<{ period: string; mean: number; pooled: number; count: number }>(
        db,
        "SELECT period, mean, pooled, count FROM measure_daily_stats WHERE measure_key = 'activeSeats'",
      );
      expect(stats).toMatchObject({ period: day, count: 2 });
      expect(stats!.mean).toBeCloseTo(0.35, 9);
      expect(stats!.pooled).toBeCloseTo(61 / 110, 9);
    });
  });

  it('0034 restarts the history compaction job and keys score_snapshots (period, account_id), rows kept', async () => {
    const db = env.MIGRATIONS_TEST_DB;
    // Back to before 0034 (the tests before applied every migration): its table and 0035's gone,
    // score_snapshots in its earlier shape, keyed (account_id, period) with the period index.
    await applyD1Migrations(db, env.TEST_MIGRATIONS);
    const [current] = await all<{ sql: string }>(
      db,
      "SELECT sql FROM sqlite_master WHERE name = 'score_snapshots'",
    );
    await db.batch([
      db.prepare('DROP TABLE snapshot_runs'),
      db.prepare('DROP TABLE latest_snapshots'),
      db.prepare('DROP INDEX accounts_owner_idx'),
      db.prepare('DROP INDEX contracts_latest_idx'),
      db.prepare('DROP TABLE score_snapshots'),
      db.prepare(
        current!.sql.replace('PRIMARY KEY(`period`, `account_id`)', 'PRIMARY KEY(`account_id`, `period`)'),
      ),
      db.prepare('CREATE INDEX `score_snapshots_period_idx` ON `score_snapshots` (`period`,`tier`)'),
      db.prepare(
        'CREATE INDEX `score_snapshots_account_segment_idx` ON `score_snapshots` (`account_id`,`period`,`segment_id`,`tier`,`score`)',
      ),
      db.prepare("DELETE FROM d1_migrations WHERE name >= '0034_' AND name < '0037_'"),
    ]);
    expect(
      await all(db, "SELECT 1 FROM sqlite_master WHERE name = 'score_snapshots_period_idx'"),
    ).toHaveLength(1);
    const snapshot = (account: number, period: string, runId: string) =>
      db
        .prepare(
          `INSERT INTO score_snapshots (account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score,
             computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at)
           VALUES (?, ?, ?, 'default', 1, 61.5, 'yellow', NULL, NULL, 0, 0.9, 0, '[61.5]', '[[0.3846]]', '[]', 1)`,
        )
        .bind(account, period, runId);
    await db.batch([
      db
        .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('jobs.snapshotCompaction', ?, 1)")
        .bind(JSON.stringify({ after: 1000 })),
      // Account ids on both sides of a chunk boundary of 0034's copy, and past its last one.
      ...[1, 2000, 2001, 250_000].flatMap((a) => [
        snapshot(a, '2026-05-01', 'r1'),
        snapshot(a, '2026-05-02', 'r2'),
      ]),
    ]);
    const read = 'SELECT * FROM score_snapshots ORDER BY account_id, period';
    const before = await all(db, read);
    await applyD1Migrations(db, env.TEST_MIGRATIONS);
    expect(await all(db, "SELECT key FROM settings WHERE key = 'jobs.snapshotCompaction'")).toEqual([]);
    expect(await all(db, read)).toEqual(before);
    expect(before).toHaveLength(8);
    const [table] = await all<{ sql: string }>(
      db,
      "SELECT sql FROM sqlite_master WHERE name = 'score_snapshots'",
    );
    expect(table!.sql).toContain('PRIMARY KEY(`period`, `account_id`)');
    expect(
      await all(
        db,
        "SELECT name FROM sqlite_master WHERE tbl_name = 'score_snapshots' AND type = 'index' ORDER BY name",
      ),
    ).toEqual([{ name: 'score_snapshots_account_idx' }, { name: 'sqlite_autoindex_score_snapshots_1' }]);
    // 0035's table, rebuilt from the rows, and 0036's narrower account index in use.
    expect(await all(db, 'SELECT account_id, period FROM latest_snapshots ORDER BY 1')).toEqual(
      [1, 2000, 2001, 250_000].map((a) => ({ account_id: a, period: '2026-05-02' })),
    );
  });

  it('0037 gives recorded tier changes their snapshot’s segment', async () => {
    const db = env.MIGRATIONS_TEST_DB;
    await applyD1Migrations(db, env.TEST_MIGRATIONS);
    await db.batch([
      db.prepare('ALTER TABLE tier_transitions DROP COLUMN segment_id'),
      db.prepare("DELETE FROM d1_migrations WHERE name >= '0037_'"),
      db.prepare(
        `INSERT INTO score_snapshots (account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score,
           computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at)
         VALUES (71, '2026-06-01', 'r1', 'smb', 1, 80, 'green', NULL, NULL, 0, 1, 0, '[80]', '[[1]]', '', 1)`,
      ),
      ...[
        [71, '2026-06-01'],
        [72, '2026-06-01'],
      ].map(([account, period]) =>
        db
          .prepare(
            `INSERT INTO tier_transitions (account_id, period, kind, from_tier, to_tier, from_score, to_score, arr_cents, created_at)
             VALUES (?, ?, 'win', 'yellow', 'green', 60, 80, 100, 1)`,
          )
          .bind(account, period),
      ),
    ]);
    await applyD1Migrations(db, env.TEST_MIGRATIONS);
    // The change with a snapshot gets its segment; the one without keeps NULL.
    expect(
      await all(
        db,
        'SELECT account_id, segment_id FROM tier_transitions WHERE account_id IN (71, 72) ORDER BY 1',
      ),
    ).toEqual([
      { account_id: 71, segment_id: 'smb' },
      { account_id: 72, segment_id: null },
    ]);
  });
});
