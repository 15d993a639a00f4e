import { env } from 'cloudflare:workers';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_EXPORT_COLUMNS,
  type AccountListPage,
  type AccountRow,
} from '../../shared/contracts/accounts';
import type { DashboardData } from '../../shared/contracts/dashboard';
import { lifecycleStage } from '../../shared/health';
import { addDays } from '../../shared/time';
import { getDb } from '../../worker/common/db';
import { type StoredCounts, storeDashboardRollup } from '../../worker/dashboard/rollups-store';
import {
  admin,
  asSession,
  createMember,
  DAY_MS,
  errorCode,
  ingestAccounts,
  planSegment,
  rows,
  runScoring,
  signIn,
  today,
  uid,
  yesterday,
} from './helpers';

// Six accounts of one CSM, scored by a model whose score is exactly activated users ÷ seats × 100 (SEAT_MODEL):
//   alpha   9/10 → 90 green         yesterday 50 yellow       → win, +40; renews in 30 days (10 days ago: 30 red)
//   bravo   2/10 → 20 red           yesterday 70 green-yellow → decline, −50
//   charlie 5/10 → 50 yellow        yesterday 20 red          → save, +30
//   delta   7/10 → 70 green-yellow  yesterday 65 green-yellow → +5; renews in 60 days
//   echo    4/10 → 40 yellow        no earlier snapshot; its name is a spreadsheet formula; churned
//   foxtrot no seats → insufficient data (no tier)
let tag: string;
let owner: string;
let plan: string;
let segmentId: string;
const ids = (name: string) => `${tag}-${name}`;
const t = () => today();

const FORMULA_NAME = '=HYPERLINK("http://evil.test","click")';

beforeAll(async () => {
  tag = uid('pf');
  owner = `${uid('csm')}@example.com`;
  plan = uid('pfplan');
  segmentId = (await planSegment(plan)).segmentId;
  const common = { plan, csm: owner };
  await ingestAccounts([
    {
      externalId: ids('alpha'),
      activeUsers: 9,
      traits: {
        ...common,
        name: `${tag} Alpha`,
        seats: 10,
        arr: 120_000,
        renewalDate: addDays(t(), 30),
        contractStart: addDays(t(), -400),
      },
    },
    {
      externalId: ids('bravo'),
      activeUsers: 2,
      traits: {
        ...common,
        name: `${tag} Bravo`,
        seats: 10,
        arr: 50_000,
        renewalDate: addDays(t(), 300),
        contractStart: addDays(t(), -40),
      },
    },
    {
      externalId: ids('charlie'),
      activeUsers: 5,
      traits: {
        ...common,
        name: `${tag} Charlie`,
        seats: 10,
        arr: 30_000,
        renewalDate: addDays(t(), 200),
        contractStart: addDays(t(), -200),
      },
    },
    {
      externalId: ids('delta'),
      activeUsers: 7,
      traits: {
        ...common,
        name: `${tag} Delta`,
        seats: 10,
        arr: 20_000,
        renewalDate: addDays(t(), 60),
        contractStart: addDays(t(), -100),
      },
    },
    {
      externalId: ids('echo'),
      activeUsers: 4,
      traits: { ...common, name: FORMULA_NAME, seats: 10, status: 'churned' },
    },
    {
      externalId: ids('foxtrot'),
      activeUsers: 1,
      traits: { ...common, name: `${tag} Foxtrot`, contractStart: addDays(t(), -5) },
    },
  ]);
  const idOf = new Map(
    (
      await rows<{ id: number; external_id: string }>(
        'SELECT id, external_id FROM accounts WHERE external_id LIKE ?',
        `${tag}-%`,
      )
    ).map((r) => [r.external_id, r.id]),
  );
  // Yesterday's snapshots in one statement, so that a run of yesterday finishing meanwhile (another test
  // file's) stores counts with all of them or none.
  const snapshot = (name: string, period: string, score: number, tier: string) => ({
    a: idOf.get(ids(name)),
    p: period,
    score,
    tier,
  });
  await rows(
    `INSERT INTO score_snapshots (account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score,
       computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at)
     SELECT json_extract(value, '$.a'), json_extract(value, '$.p'), 'seeded', ?, 0, json_extract(value, '$.score'),
       json_extract(value, '$.tier'), json_extract(value, '$.score'), json_extract(value, '$.tier'), 0, 1, 0, '[]', '[]', '[]', ?
     FROM json_each(?)`,
    segmentId,
    Date.now() - DAY_MS,
    JSON.stringify([
      snapshot('alpha', yesterday(), 50, 'yellow'),
      snapshot('bravo', yesterday(), 70, 'green-yellow'),
      snapshot('charlie', yesterday(), 20, 'red'),
      snapshot('delta', yesterday(), 65, 'green-yellow'),
      // Inside a 30-day window, outside a 7-day one.
      snapshot('alpha', addDays(t(), -10), 30, 'red'),
    ]),
  );
  const run = await runScoring();
  expect(run.status).toBe('done');
}, 90_000);

afterAll(async () => {
  await admin(`/api/segments/${segmentId}`, { method: 'DELETE' });
});

/** Stores the rollup of today's latest finished run again, from what the database holds now. */
async function restoreRollup() {
  const [run] = await rows<{ id: string }>(
    "SELECT id FROM scoring_runs WHERE period = ? AND status = 'done' ORDER BY finished_at DESC LIMIT 1",
    t(),
  );
  await storeDashboardRollup(getDb(env.DB), run!.id, t(), Date.now());
}

const DEFAULT_KEYS = ['green', 'green-yellow', 'yellow', 'red'];
/** The default tiers (other tests publish models with tiers of their own). */
const defaultTiers = (d: DashboardData) => d.tiers.filter((x) => DEFAULT_KEYS.includes(x.key));

async function list(query: string): Promise<AccountListPage> {
  const res = await admin(`/api/accounts?${query}`);
  expect(res.status, `${query}: ${res.status}`).toBe(200);
  return res.json<AccountListPage>();
}

const names = (page: { items: AccountRow[] }) => page.items.map((i) => i.externalId.slice(tag.length + 1));

describe('GET /api/accounts with health', () => {
  it('adds tier, score, change, segment and lifecycle stage to every row, and the total', async () => {
    const page = await list(`q=${tag}&sort=-score`);
    expect(page.total).toBe(6);
    expect(names(page)).toEqual(['alpha', 'delta', 'charlie', 'echo', 'bravo', 'foxtrot']);
    const alpha = page.items[0]!;
    expect(alpha).toEqual({
      externalId: ids('alpha'),
      name: `${tag} Alpha`,
      plan,
      industry: null,
      employees: null,
      seats: 10,
      arrCents: 12_000_000,
      currency: null,
      ownerEmail: owner,
      renewalDate: addDays(t(), 30),
      lastSeenAt: expect.any(String),
      users: 10,
      tier: 'green',
      score: 90,
      scoreChange: 40,
      segmentId,
      segmentName: `Segment ${segmentId}`,
      lifecycleStage: 'renewal',
    });
    const byName = new Map(page.items.map((i) => [i.externalId.slice(tag.length + 1), i]));
    expect(byName.get('bravo')).toMatchObject({
      tier: 'red',
      score: 20,
      scoreChange: -50,
      lifecycleStage: 'growth',
    });
    expect(byName.get('charlie')).toMatchObject({ tier: 'yellow', score: 50, scoreChange: 30 });
    expect(byName.get('echo')).toMatchObject({
      tier: 'yellow',
      score: 40,
      scoreChange: null,
      lifecycleStage: 'churned',
    });
    expect(byName.get('foxtrot')).toMatchObject({
      tier: null,
      score: null,
      scoreChange: null,
      lifecycleStage: 'onboarding',
    });
    // The SQL stage matches the shared rule for every account.
    const traits = await rows<{
      external_id: string;
      contract_start_date: string | null;
      renewal_date: string | null;
      traits: string;
    }>(
      'SELECT external_id, contract_start_date, renewal_date, traits FROM accounts WHERE external_id LIKE ?',
      `${tag}-%`,
    );
    for (const a of traits) {
      const status = (JSON.parse(a.traits) as { status?: string }).status ?? null;
      const expected = lifecycleStage(
        { contractStartDate: a.contract_start_date, renewalDate: a.renewal_date, status },
        t(),
      );
      expect(page.items.find((i) => i.externalId === a.external_id)?.lifecycleStage, a.external_id).toBe(
        expected,
      );
    }
  });

  it('tells the change over 1, 7 or 30 days (default 7), and sorts by it', async () => {
    const change = async (days: string) =>
      new Map(
        (await list(`q=${tag}${days}`)).items.map((i) => [i.externalId.slice(tag.length + 1), i.scoreChange]),
      );
    // Alpha: 30 ten days ago, 50 yesterday, 90 today.
    expect((await change('')).get('alpha')).toBe(40);
    expect((await change('&changeDays=1')).get('alpha')).toBe(40);
    expect((await change('&changeDays=7')).get('alpha')).toBe(40);
    const month = await change('&changeDays=30');
    expect([month.get('alpha'), month.get('bravo'), month.get('echo')]).toEqual([60, -50, null]);
    expect(names(await list(`q=${tag}&sort=-change&changeDays=30`)).slice(0, 2)).toEqual([
      'alpha',
      'charlie',
    ]);
  });

  it('filters by tier (several, or unscored), owner, owner=me, segment and stage', async () => {
    expect(names(await list(`owner=${owner}&tier=red,yellow&sort=change`))).toEqual([
      'bravo',
      'charlie',
      'echo',
    ]);
    expect(names(await list(`q=${tag}&tier=unscored`))).toEqual(['foxtrot']);
    expect(names(await list(`q=${tag}&tier=green,unscored&sort=name`))).toEqual(['alpha', 'foxtrot']);
    expect(names(await list(`q=${tag}&stage=renewal`))).toEqual(['alpha', 'delta']);
    // A stage's matches are listed once for the page and the total: through cursor pages and past the end.
    const renewing = await list(`q=${tag}&stage=renewal&limit=1`);
    expect(renewing).toMatchObject({ total: 2, nextCursor: expect.any(String) });
    const next = await list(`q=${tag}&stage=renewal&limit=1&cursor=${renewing.nextCursor}`);
    expect([names(renewing), names(next), next.total]).toEqual([['alpha'], ['delta'], 2]);
    expect(names(await list(`q=${tag}&stage=renewal&sort=-arr`))).toEqual(['alpha', 'delta']);
    expect(await list(`q=${tag}&stage=renewal&sort=-arr&offset=5`)).toEqual({
      items: [],
      nextCursor: null,
      total: 2,
    });
    expect(names(await list(`q=${tag}&stage=renewal&sort=-score`))).toEqual(['alpha', 'delta']);
    expect(names(await list(`q=${tag}&stage=renewal&sort=change`))).toEqual(['delta', 'alpha']);
    expect((await list(`segment=${segmentId}&limit=200`)).total).toBe(6);
    expect((await list(`owner=${owner.toUpperCase()}`)).total).toBe(6);
    expect((await list(`owner=nobody-${tag}@example.com`)).total).toBe(0);

    const member = await createMember({ role: 'viewer', email: owner });
    const session = await signIn(member.email, member.password);
    const mine = await asSession(session, '/api/accounts?owner=me&sort=-arr');
    expect(mine.status).toBe(200);
    const page = await mine.json<AccountListPage>();
    expect(page.total).toBe(6);
    expect(names(page).slice(0, 4)).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
    // The break-glass token is no CSM: `me` matches nobody.
    expect((await list('owner=me')).total).toBe(0);
  });

  it('counts a tier or segment over all accounts, unscored ones included and snapshot rows of deleted accounts not', async () => {
    // No filter on the account's own columns: the count walks accounts and their latest_snapshots rows by id.
    const counted = async (where: string) =>
      (
        await rows<{ n: number }>(
          `SELECT count(*) AS n FROM accounts a LEFT JOIN latest_snapshots s ON s.account_id = a.id WHERE ${where}`,
        )
      )[0]!.n;
    const orphan = (await rows<{ id: number }>('SELECT max(id) + 1000000 AS id FROM accounts'))[0]!.id;
    await rows(
      `INSERT INTO latest_snapshots (account_id, period, segment_id, tier, score) VALUES (?, ?, ?, 'red', 10)`,
      orphan,
      t(),
      segmentId,
    );
    try {
      const red = await counted(`s.tier = 'red'`);
      const unscored = await counted('s.tier IS NULL');
      expect(red).toBeGreaterThan(0);
      expect(unscored).toBeGreaterThan(0);
      expect((await list('tier=red')).total).toBe(red);
      expect((await list('tier=red&sort=change')).total).toBe(red);
      expect((await list('tier=unscored')).total).toBe(unscored);
      expect((await list('tier=red,unscored&sort=-score')).total).toBe(red + unscored);
      expect((await list(`segment=${segmentId}`)).total).toBe(6);
      expect((await list(`segment=${segmentId}&tier=red`)).total).toBe(1);
    } finally {
      await rows('DELETE FROM latest_snapshots WHERE account_id = ?', orphan);
    }
  });

  it('sorts by every key with nulls last and pages by offset or keyset cursor', async () => {
    expect(names(await list(`q=${tag}&sort=renewal`))).toEqual([
      'alpha',
      'delta',
      'charlie',
      'bravo',
      'echo',
      'foxtrot',
    ]);
    expect(names(await list(`q=${tag}&sort=-renewal`))).toEqual([
      'bravo',
      'charlie',
      'delta',
      'alpha',
      'echo',
      'foxtrot',
    ]);
    expect(names(await list(`q=${tag}&sort=change`))).toEqual([
      'bravo',
      'delta',
      'charlie',
      'alpha',
      'echo',
      'foxtrot',
    ]);
    expect(names(await list(`q=${tag}&sort=-change`))).toEqual([
      'alpha',
      'charlie',
      'delta',
      'bravo',
      'echo',
      'foxtrot',
    ]);
    expect(names(await list(`q=${tag}&sort=arr`))).toEqual([
      'delta',
      'charlie',
      'bravo',
      'alpha',
      'echo',
      'foxtrot',
    ]);
    expect(names(await list(`q=${tag}&sort=-name`))[0]).toBe('foxtrot');
    expect((await list(`q=${tag}&sort=lastSeen`)).items).toHaveLength(6);

    const second = await list(`q=${tag}&sort=-score&limit=2&offset=2`);
    expect(names(second)).toEqual(['charlie', 'echo']);
    expect(second).toMatchObject({ total: 6, nextCursor: null });
    const beyond = await list(`q=${tag}&sort=-score&limit=2&offset=10`);
    expect(beyond).toEqual({ items: [], nextCursor: null, total: 6 });

    const first = await list(`q=${tag}&limit=4`);
    expect(first.total).toBe(6);
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = await list(`q=${tag}&limit=4&cursor=${first.nextCursor}`);
    expect(rest.total).toBe(6);
    expect(rest.nextCursor).toBeNull();
    expect([...names(first), ...names(rest)].sort()).toEqual(
      ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'].sort(),
    );
  });

  it('rejects bad filters, sorts and paging with a 400 envelope', async () => {
    const first = await list(`q=${tag}&limit=1`);
    for (const qs of [
      'sort=score,name',
      'sort=bogus',
      'tier=',
      'tier=,',
      'stage=teenage',
      'offset=-1',
      'offset=1.5',
      'limit=0',
      `tier=${'x'.repeat(65)}`,
      `owner=${'a'.repeat(321)}`,
      `cursor=${first.nextCursor}&sort=-score`,
      'changeDays=14',
      'changeDays=0',
      'changeDays=abc',
    ]) {
      const res = await admin(`/api/accounts?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
  });
});

describe('GET /api/accounts/export.csv', () => {
  it('exports every matching row as CSV with a header, quoting and formula cells neutralised', async () => {
    const res = await admin(`/api/accounts/export.csv?q=${tag}&sort=-score`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="accounts-${t()}.csv"`);
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe(ACCOUNT_EXPORT_COLUMNS.join(','));
    // The formula name is prefixed with ' and quoted, its quotes doubled (RFC 4180).
    expect(text).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
    const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((r) => r.externalId)).toEqual(
      ['alpha', 'delta', 'charlie', 'echo', 'bravo', 'foxtrot'].map(ids),
    );
    expect(parsed.data[0]).toEqual({
      externalId: ids('alpha'),
      name: `${tag} Alpha`,
      tier: 'green',
      score: '90',
      scoreChange: '40',
      segment: `Segment ${segmentId}`,
      lifecycleStage: 'renewal',
      ownerEmail: owner,
      plan,
      // Money in the currency's units, with the currency named (the account gave none: USD).
      arr: '120000',
      currency: 'USD',
      renewalDate: addDays(t(), 30),
      lastSeenAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      users: '10',
      seats: '10',
    });
    expect(parsed.data[3]?.name).toBe(`'${FORMULA_NAME}`);
    // Numbers stay numbers: a negative change is not a formula.
    expect(parsed.data[4]?.scoreChange).toBe('-50');
    expect(parsed.data[5]).toMatchObject({ tier: '', score: '', lifecycleStage: 'onboarding' });
    // Echo has no ARR: no amount, no currency.
    expect(parsed.data[3]).toMatchObject({ arr: '', currency: '' });
    // The change window applies to the export as to the list: 30 days reach alpha's score of 10 days ago.
    const month = await (await admin(`/api/accounts/export.csv?q=${tag}&sort=-score&changeDays=30`)).text();
    expect(Papa.parse<Record<string, string>>(month.trim(), { header: true }).data[0]?.scoreChange).toBe(
      '60',
    );
  });

  it('applies the same filters and answers bad ones with a 400 envelope', async () => {
    const text = await (await admin(`/api/accounts/export.csv?owner=${owner}&tier=red`)).text();
    const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true });
    expect(parsed.data.map((r) => r.externalId)).toEqual([ids('bravo')]);
    const none = await (await admin(`/api/accounts/export.csv?q=${uid('nothing')}`)).text();
    expect(none.trim()).toBe(ACCOUNT_EXPORT_COLUMNS.join(','));
    for (const qs of ['sort=nope', 'stage=x', 'tier=', 'changeDays=2']) {
      const res = await admin(`/api/accounts/export.csv?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
  });
});

describe('GET /api/dashboard', () => {
  it('summarises one CSM’s portfolio: tiers with ARR, histogram, history, movers, wins, saves and renewals', async () => {
    const res = await admin(`/api/dashboard?owner=${encodeURIComponent(owner)}&days=7`);
    expect(res.status).toBe(200);
    const d = await res.json<DashboardData>();
    expect(d.period).toBe(t());
    expect(d.from).toBe(addDays(t(), -6));
    expect(defaultTiers(d).map((x) => [x.key, x.count, x.arrCents])).toEqual([
      ['green', 1, 12_000_000],
      ['green-yellow', 1, 2_000_000],
      ['yellow', 2, 3_000_000],
      ['red', 1, 5_000_000],
    ]);
    expect(d.tiers[0]).toMatchObject({
      name: expect.any(String),
      color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
    });
    expect(d.unscored).toBe(1);
    expect(d.histogram).toHaveLength(10);
    expect(d.histogram.map((b) => b.count)).toEqual([0, 0, 1, 0, 1, 1, 0, 1, 0, 1]);
    expect(d.histogram[9]).toEqual({ from: 90, to: 100, count: 1 });
    expect(d.tierHistory).toEqual([
      { period: yesterday(), counts: { yellow: 1, 'green-yellow': 2, red: 1 } },
      { period: t(), counts: { green: 1, 'green-yellow': 1, yellow: 2, red: 1 } },
    ]);
    expect(d.movers.up).toEqual([
      {
        externalId: ids('alpha'),
        name: `${tag} Alpha`,
        tier: 'green',
        score: 90,
        change: 40,
        fromTier: 'yellow',
      },
      {
        externalId: ids('charlie'),
        name: `${tag} Charlie`,
        tier: 'yellow',
        score: 50,
        change: 30,
        fromTier: 'red',
      },
      {
        externalId: ids('delta'),
        name: `${tag} Delta`,
        tier: 'green-yellow',
        score: 70,
        change: 5,
        fromTier: 'green-yellow',
      },
    ]);
    expect(d.movers.down).toEqual([
      {
        externalId: ids('bravo'),
        name: `${tag} Bravo`,
        tier: 'red',
        score: 20,
        change: -50,
        fromTier: 'green-yellow',
      },
    ]);
    expect(d.wins).toEqual([
      {
        externalId: ids('alpha'),
        name: `${tag} Alpha`,
        period: t(),
        fromTier: 'yellow',
        toTier: 'green',
        arrCents: 12_000_000,
      },
    ]);
    expect(d.saves).toEqual([
      {
        externalId: ids('charlie'),
        name: `${tag} Charlie`,
        period: t(),
        fromTier: 'red',
        toTier: 'yellow',
        arrCents: 3_000_000,
      },
    ]);
    expect(d.winsArrCents).toBe(12_000_000);
    expect(d.savesArrCents).toBe(3_000_000);
    expect(d.renewals).toEqual([
      {
        tier: 'green',
        count: 1,
        arrCents: 12_000_000,
        accounts: [
          {
            externalId: ids('alpha'),
            name: `${tag} Alpha`,
            renewalDate: addDays(t(), 30),
            arrCents: 12_000_000,
          },
        ],
      },
      {
        tier: 'green-yellow',
        count: 1,
        arrCents: 2_000_000,
        accounts: [
          {
            externalId: ids('delta'),
            name: `${tag} Delta`,
            renewalDate: addDays(t(), 60),
            arrCents: 2_000_000,
          },
        ],
      },
    ]);
    expect(d.filters.owners).toContain(owner);
    expect(d.filters.segments).toContainEqual({ id: segmentId, name: `Segment ${segmentId}` });
  });

  it('filters by segment and by owner=me, and keeps earlier periods out of a short window', async () => {
    const bySegment = await (await admin(`/api/dashboard?segment=${segmentId}`)).json<DashboardData>();
    expect(defaultTiers(bySegment).map((x) => x.count)).toEqual([1, 1, 2, 1]);
    expect(bySegment.unscored).toBe(1);
    expect(bySegment.wins.map((w) => w.externalId)).toEqual([ids('alpha')]);

    const member = await createMember({ role: 'viewer', email: `me-${owner}` });
    await rows('UPDATE accounts SET owner_email = ? WHERE external_id = ?', member.email, ids('echo'));
    try {
      const session = await signIn(member.email, member.password);
      const mine = await (await asSession(session, '/api/dashboard?owner=me')).json<DashboardData>();
      expect(defaultTiers(mine).map((x) => [x.key, x.count])).toEqual([
        ['green', 0],
        ['green-yellow', 0],
        ['yellow', 1],
        ['red', 0],
      ]);
      expect(mine.movers).toEqual({ up: [], down: [] });
      expect(mine.unscored).toBe(0);
    } finally {
      await rows('UPDATE accounts SET owner_email = ? WHERE external_id = ?', owner, ids('echo'));
    }

    // 30 days reach alpha's snapshot of 10 days ago: one more history point; the movers keep their own
    // window (7 days by default) unless changeDays says 30, as the accounts list's Change.
    const month = await (
      await admin(`/api/dashboard?owner=${encodeURIComponent(owner)}&days=30`)
    ).json<DashboardData>();
    expect(month.tierHistory.map((p) => p.period)).toEqual([addDays(t(), -10), yesterday(), t()]);
    expect(month.tierHistory[0]?.counts).toEqual({ red: 1 });
    expect(month.movers.up[0]).toMatchObject({ externalId: ids('alpha'), change: 40, fromTier: 'yellow' });
    const monthly = await (
      await admin(`/api/dashboard?owner=${encodeURIComponent(owner)}&days=30&changeDays=30`)
    ).json<DashboardData>();
    expect(monthly.movers.up[0]).toMatchObject({ externalId: ids('alpha'), change: 60, fromTier: 'red' });
    const daily = await (
      await admin(`/api/dashboard?owner=${encodeURIComponent(owner)}&changeDays=1`)
    ).json<DashboardData>();
    expect(daily.movers.up[0]).toMatchObject({ externalId: ids('alpha'), change: 40, fromTier: 'yellow' });
  });

  it('takes earlier periods from the tier counts runs stored, and counts periods without them', async () => {
    // The run that scored today stored today's counts per segment and tier.
    const [row] = await rows<{ value: string }>(
      "SELECT value FROM dashboard_aggregates WHERE kind = 'tier-counts' AND scope = '' AND period = ?",
      t(),
    );
    const today_ = JSON.parse(row!.value) as StoredCounts;
    expect(today_.tiers.filter(([seg]) => seg === segmentId).sort()).toEqual(
      [
        [segmentId, 'green', 1],
        [segmentId, 'green-yellow', 1],
        [segmentId, 'red', 1],
        [segmentId, 'yellow', 2],
      ].sort(),
    );
    expect(today_.transitions.filter(([seg]) => seg === segmentId).sort()).toEqual(
      [
        [segmentId, 'save', 1, 3_000_000],
        [segmentId, 'win', 1, 12_000_000],
      ].sort(),
    );
    // What a run stored for a period (whose snapshots are gone) is used as it is…
    const stored = addDays(t(), -3);
    const counts: StoredCounts = {
      tiers: [
        [segmentId, 'green', 7],
        [uid('other'), 'red', 5],
      ],
      transitions: [
        [segmentId, 'win', 2, 1_000],
        [uid('other'), 'save', 1, 5_000],
      ],
    };
    await rows(
      `INSERT INTO dashboard_aggregates (kind, scope, period, value, updated_at) VALUES ('tier-counts', '', ?, ?, ?)
       ON CONFLICT (kind, scope, period) DO UPDATE SET value = excluded.value`,
      stored,
      JSON.stringify(counts),
      Date.now(),
    );
    try {
      const d = await (await admin(`/api/dashboard?segment=${segmentId}&days=30`)).json<DashboardData>();
      const point = (period: string) => d.tierHistory.find((p) => p.period === period)?.counts;
      expect(point(stored)).toEqual({ green: 7 });
      // …and a period no run stored counts for (seeded here) is counted from its snapshots.
      expect(point(addDays(t(), -10))).toEqual({ red: 1 });
      expect(point(t())).toEqual({ green: 1, 'green-yellow': 1, yellow: 2, red: 1 });
      expect(d.tierHistory.map((p) => p.period)).toEqual([...d.tierHistory.map((p) => p.period)].sort());
      // Wins and saves come from the recorded changes (each account once), not the per-period rows.
      expect(d.winsArrCents).toBe(12_000_000);
      expect(d.savesArrCents).toBe(3_000_000);
    } finally {
      await rows(
        "DELETE FROM dashboard_aggregates WHERE kind = 'tier-counts' AND scope = '' AND period = ?",
        stored,
      );
    }
  });

  it('takes an owner’s earlier periods from the counts runs stored per owner', async () => {
    const [row] = await rows<{ value: string }>(
      "SELECT value FROM dashboard_aggregates WHERE kind = 'owner-tier-counts' AND scope = ? AND period = ?",
      owner,
      t(),
    );
    expect((JSON.parse(row!.value) as StoredCounts).tiers.sort()).toEqual(
      [
        [segmentId, 'green', 1],
        [segmentId, 'green-yellow', 1],
        [segmentId, 'red', 1],
        [segmentId, 'yellow', 2],
      ].sort(),
    );
    const stored = addDays(t(), -4);
    await rows(
      `INSERT INTO dashboard_aggregates (kind, scope, period, value, updated_at) VALUES ('owner-tier-counts', ?, ?, ?, ?)
       ON CONFLICT (kind, scope, period) DO UPDATE SET value = excluded.value`,
      owner,
      stored,
      JSON.stringify({ tiers: [[segmentId, 'yellow', 3]], transitions: [[segmentId, 'save', 1, 700]] }),
      Date.now(),
    );
    try {
      const d = await (
        await admin(`/api/dashboard?owner=${encodeURIComponent(owner)}&days=30`)
      ).json<DashboardData>();
      expect(d.tierHistory).toEqual([
        { period: addDays(t(), -10), counts: { red: 1 } },
        { period: stored, counts: { yellow: 3 } },
        { period: yesterday(), counts: { yellow: 1, 'green-yellow': 2, red: 1 } },
        { period: t(), counts: { green: 1, 'green-yellow': 1, yellow: 2, red: 1 } },
      ]);
      expect(d.savesArrCents).toBe(3_000_000);
    } finally {
      await rows(
        "DELETE FROM dashboard_aggregates WHERE kind = 'owner-tier-counts' AND scope = ? AND period = ?",
        owner,
        stored,
      );
    }
  });

  it('answers from the rollup the run stored as it would from the snapshots', async () => {
    const [row] = await rows<{ value: string }>(
      "SELECT value FROM dashboard_aggregates WHERE kind = 'latest-rollup'",
    );
    const rollup = JSON.parse(row!.value) as {
      period: string;
      segments: Record<
        string,
        {
          tiers: Record<string, [number, number]>;
          insufficient: number;
          histogram: number[];
          movers: Record<string, { up: unknown[][]; down: unknown[][] }>;
        }
      >;
    };
    expect(rollup.period).toBe(t());
    const mine = rollup.segments[segmentId]!;
    expect(mine.tiers).toEqual({
      green: [1, 12_000_000],
      'green-yellow': [1, 2_000_000],
      yellow: [2, 3_000_000],
      red: [1, 5_000_000],
    });
    expect(mine.insufficient).toBe(1);
    expect(mine.histogram).toEqual([0, 0, 1, 0, 1, 1, 0, 1, 0, 1]);
    expect(mine.movers['7']?.up.map((m) => m[1])).toEqual([40, 30, 5]);
    expect(mine.movers['30']?.up.map((m) => m[1])).toEqual([60, 30, 5]);
    expect(mine.movers['30']?.down.map((m) => m[1])).toEqual([-50]);

    expect(mine.movers['1']?.up.map((m) => m[1])).toEqual([40, 30, 5]);

    // The rollup (no owner filter) and the snapshots (an owner filter; the segment's accounts are all the
    // owner's): same accounts, same answer.
    const prepared = await (
      await admin(`/api/dashboard?segment=${segmentId}&changeDays=30`)
    ).json<DashboardData>();
    const computed = await (
      await admin(`/api/dashboard?segment=${segmentId}&changeDays=30&owner=${encodeURIComponent(owner)}`)
    ).json<DashboardData>();
    for (const d of [prepared, computed]) {
      expect(defaultTiers(d).map((x) => [x.key, x.count, x.arrCents])).toEqual([
        ['green', 1, 12_000_000],
        ['green-yellow', 1, 2_000_000],
        ['yellow', 2, 3_000_000],
        ['red', 1, 5_000_000],
      ]);
    }
    expect(prepared.movers).toEqual(computed.movers);
    expect(prepared.movers.up.map((m) => [m.externalId, m.change, m.fromTier])).toEqual([
      [ids('alpha'), 60, 'red'],
      [ids('charlie'), 30, 'red'],
      [ids('delta'), 5, 'green-yellow'],
    ]);
    expect(prepared.histogram).toEqual(computed.histogram);
    expect(prepared.unscored).toBe(computed.unscored);
    // Wins and saves too: the run counted them for every window the SPA offers.
    const winsOf = (d: DashboardData) => ({
      wins: d.wins,
      saves: d.saves,
      counts: [d.winsCount, d.winsArrCents, d.savesCount, d.savesArrCents],
    });
    expect(winsOf(prepared)).toEqual(winsOf(computed));
    expect(prepared.renewals).toEqual(computed.renewals);
    expect(prepared.renewals.map((g) => g.tier)).toEqual(['green', 'green-yellow']);
    // The run recorded each change with its snapshot's segment, which the segment filter reads.
    expect(
      await rows(
        `SELECT a.external_id, t.kind, t.segment_id FROM tier_transitions t JOIN accounts a ON a.id = t.account_id
         WHERE t.period = ? AND t.kind IN ('win', 'save') AND a.external_id IN (?, ?) ORDER BY t.kind`,
        t(),
        ids('charlie'),
        ids('alpha'),
      ),
    ).toEqual([
      { external_id: ids('charlie'), kind: 'save', segment_id: segmentId },
      { external_id: ids('alpha'), kind: 'win', segment_id: segmentId },
    ]);
    expect(prepared.wins.map((w) => w.externalId)).toEqual([ids('alpha')]);
    expect(prepared.saves.map((w) => w.externalId)).toEqual([ids('charlie')]);
  });

  it('reads wins and saves from the rollup while the hysteresis and tiers are those it was counted with', async () => {
    const read = async () =>
      JSON.parse(
        (
          await rows<{ value: string }>("SELECT value FROM dashboard_aggregates WHERE kind = 'latest-rollup'")
        )[0]!.value,
      ) as {
        wins: { hysteresisDays: number; segments: Record<string, Record<string, { winsCount: number }>> };
      };
    const original = await read();
    expect(original.wins.hysteresisDays).toBe(7);
    expect(Object.keys(original.wins.segments[segmentId]!)).toEqual(['30', '90', '180', '365']);
    // A count only the rollup has: the dashboard shows it for a stored window, and counts live otherwise.
    const tampered = structuredClone(original);
    tampered.wins.segments[segmentId]!['90']!.winsCount = 99;
    await rows(
      "UPDATE dashboard_aggregates SET value = ? WHERE kind = 'latest-rollup'",
      JSON.stringify(tampered),
    );
    const count = async (query: string) =>
      (await (await admin(`/api/dashboard?segment=${segmentId}&${query}`)).json<DashboardData>()).winsCount;
    try {
      expect(await count('days=90')).toBe(99);
      expect(await count('days=60')).toBe(1);
      expect(
        (await admin('/api/settings/transitions', { method: 'PUT', body: { hysteresisDays: 3 } })).status,
      ).toBe(200);
      expect(await count('days=90')).toBe(1);
    } finally {
      await admin('/api/settings/transitions', { method: 'PUT', body: { hysteresisDays: 7 } });
      await rows(
        "UPDATE dashboard_aggregates SET value = ? WHERE kind = 'latest-rollup'",
        JSON.stringify(original),
      );
    }
  });

  it('keeps the rollup of the latest period when a run of an earlier one finishes late', async () => {
    await storeDashboardRollup(getDb(env.DB), crypto.randomUUID(), addDays(t(), -1), Date.now());
    const after = await rows<{ value: string }>(
      "SELECT value FROM dashboard_aggregates WHERE kind = 'latest-rollup'",
    );
    expect(JSON.parse(after[0]!.value).period).toBe(t());
  });

  it('tells the period’s tiers, movers and renewals when a rescore wrote a later snapshot', async () => {
    // latest_snapshots then holds the rescore's day: the period's tier, score and change come from that day's
    // own snapshot. The owner filter reads the snapshots (no rollup).
    const book = `owner=${encodeURIComponent(owner)}`;
    const before = await (await admin(`/api/dashboard?${book}&changeDays=30`)).json<DashboardData>();
    const alpha = (
      await rows<{ id: number }>('SELECT id FROM accounts WHERE external_id = ?', ids('alpha'))
    )[0]!.id;
    await rows(
      `INSERT INTO score_snapshots (account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score,
         computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at)
       VALUES (?, ?, 'rescore:later', 'elsewhere', 0, 5, 'red', 5, 'red', 0, 1, 0, '[]', '[]', '[]', ?)`,
      alpha,
      addDays(t(), 1),
      Date.now(),
    );
    try {
      expect(
        (
          await rows<{ period: string }>('SELECT period FROM latest_snapshots WHERE account_id = ?', alpha)
        )[0],
      ).toEqual({
        period: addDays(t(), 1),
      });
      const renewalOf = (d: DashboardData) =>
        d.renewals.find((g) => g.accounts.some((a) => a.externalId === ids('alpha')))?.tier;
      for (const query of [book, `segment=${segmentId}`, '']) {
        const d = await (await admin(`/api/dashboard?${query}`)).json<DashboardData>();
        expect(d.period, query).toBe(t());
        expect(renewalOf(d), query).toBe('green');
      }
      const after = await (await admin(`/api/dashboard?${book}&changeDays=30`)).json<DashboardData>();
      expect(after.movers.up.map((m) => m.externalId)).toContain(ids('alpha'));
      expect([after.tiers, after.histogram, after.movers, after.unscored]).toEqual([
        before.tiers,
        before.histogram,
        before.movers,
        before.unscored,
      ]);
    } finally {
      await rows("DELETE FROM score_snapshots WHERE run_id = 'rescore:later'");
    }
  });

  it('lists a tier’s soonest renewals by date, name and id, ties on the last listed day included', async () => {
    // 53 red accounts of another CSM and segment (no contracts: the renewal_date trait column): 44 renew in 5
    // days, 9 on day 9 (the 50th soonest's day), one after the window. Names run against the ids and two repeat.
    const rtag = uid('rn');
    const rowner = `${uid('rncsm')}@example.com`;
    const rsegment = uid('rnseg');
    const made = Array.from({ length: 54 }, (_, i) => ({
      externalId: `${rtag}-${i}`,
      name: i === 47 || i === 50 ? `${rtag} R same` : `${rtag} R${String(90 - i).padStart(2, '0')}`,
      arrCents: 1000 * (i + 1),
      renewalDate: addDays(t(), i < 44 ? 5 : i < 53 ? 9 : 100),
    }));
    await rows(
      `INSERT INTO accounts (external_id, name, arr_cents, renewal_date, owner_email, created_at)
       SELECT j.value ->> '$.externalId', j.value ->> '$.name', j.value ->> '$.arrCents', j.value ->> '$.renewalDate', ?, ?
       FROM json_each(?) j`,
      rowner,
      Date.now(),
      JSON.stringify(made),
    );
    await rows(
      `INSERT INTO score_snapshots (account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score,
         computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at)
       SELECT id, ?, 'test:renewals', ?, 0, 10, 'red', 10, 'red', 0, 1, 0, '[]', '[]', '[]', ? FROM accounts
       WHERE external_id LIKE ?`,
      t(),
      rsegment,
      Date.now(),
      `${rtag}-%`,
    );
    try {
      const stored = await rows<{
        id: number;
        external_id: string;
        name: string;
        renewal_date: string;
        arr_cents: number;
      }>(
        'SELECT id, external_id, name, renewal_date, arr_cents FROM accounts WHERE external_id LIKE ?',
        `${rtag}-%`,
      );
      const renewing = stored.filter((a) => a.renewal_date <= addDays(t(), 90));
      const soonest = renewing
        .sort((a, b) =>
          a.renewal_date !== b.renewal_date
            ? a.renewal_date.localeCompare(b.renewal_date)
            : a.name !== b.name
              ? a.name < b.name
                ? -1
                : 1
              : a.id - b.id,
        )
        .slice(0, 50);
      // The cutoff day's accounts are listed by name, the repeated name by id, and some of that day are left out.
      expect(soonest.filter((a) => a.renewal_date === addDays(t(), 9))).toHaveLength(6);
      expect(soonest.map((a) => a.name)).toContain(`${rtag} R same`);
      const expected = {
        tier: 'red',
        count: 53,
        arrCents: renewing.reduce((sum, a) => sum + a.arr_cents, 0),
        accounts: soonest.map((a) => ({
          externalId: a.external_id,
          name: a.name,
          renewalDate: a.renewal_date,
          arrCents: a.arr_cents,
        })),
      };
      // The owner filter reads them live; a segment reads what the period's run stored when it finished, so
      // the run's rollup is stored again (as a run finishing now would).
      await restoreRollup();
      for (const query of [`owner=${encodeURIComponent(rowner)}`, `segment=${rsegment}`]) {
        const d = await (await admin(`/api/dashboard?${query}`)).json<DashboardData>();
        expect(d.period, query).toBe(t());
        expect(d.renewals, query).toEqual([expected]);
      }
    } finally {
      await rows("DELETE FROM score_snapshots WHERE run_id = 'test:renewals'");
      await rows('DELETE FROM accounts WHERE external_id LIKE ?', `${rtag}-%`);
      await restoreRollup();
    }
  });

  it('rejects days outside 7–365, change windows but 1, 7, 30, and malformed filters with a 400 envelope', async () => {
    for (const qs of [
      'days=6',
      'days=366',
      'days=abc',
      'days=10.5',
      'changeDays=90',
      'changeDays=',
      `segment=${'s'.repeat(65)}`,
      'owner=',
    ]) {
      const res = await admin(`/api/dashboard?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
  });
});
