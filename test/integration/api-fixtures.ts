import { env } from 'cloudflare:workers';
import { createApp } from '../../worker/app';
import {
  ADMIN_TOKEN,
  admin,
  createApiToken,
  createMember,
  createSegment,
  createSource,
  listSegments,
  publishModel,
  SEAT_MODEL,
  type SegmentBody,
  seedAccount,
  uid,
  waitForRun,
} from './helpers';
import { createLinks, createSurvey, tokenOf } from './surveys-helpers';

/** Every `/api` route the app registers, once each (middleware is registered with method ALL). */
export function apiRoutes(): { method: string; path: string }[] {
  const seen = new Set<string>();
  return createApp()
    .routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api'))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
    .map((r) => ({ method: r.method, path: r.path }));
}

let clients = 0;
/**
 * The admin bearer header, with a JSON Content-Type unless `contentType` says otherwise, from a new client
 * address each time: these suites send hundreds of requests to the public survey and sign-in routes, whose
 * per-address limits (tested on their own) would otherwise answer 429 before the input is read.
 */
export function adminHeaders(contentType: string | null = 'application/json'): Record<string, string> {
  clients++;
  return {
    Authorization: `Bearer ${ADMIN_TOKEN}`,
    'CF-Connecting-IP': `198.18.${(clients >> 8) & 255}.${clients & 255}`,
    ...(contentType ? { 'Content-Type': contentType } : {}),
  };
}

/**
 * Real records for every path parameter of the /api routes, so a request gets past "no such thing" to
 * the code that reads its body and query. Made once per test file (storage is per file).
 */
export interface RouteFixtures {
  /** The path with each `:param` replaced by an existing record's id; throws for a param it has no record for. */
  path(path: string): string;
  /** Ids of the records, for bodies that name them. */
  records: {
    externalId: string;
    modelId: string;
    segmentId: string;
    ruleId: string;
    segments: SegmentBody[];
  };
}

/**
 * Write routes that read no body at all, and why: they must still never answer a 5xx, but may succeed
 * whatever the body. Every other write route must reject a body of the wrong shape with a 400.
 */
export const TAKES_NO_BODY: Record<string, string> = {
  'POST /api/auth/sign-out': 'ends the calling session; there is nothing to send',
  'POST /api/scoring/run': 'starts a run over every account; the run takes no options',
  'POST /api/ingest/failures/:id/replay': 'replays the stored queue message named in the path',
  'POST /api/accounts/:externalId/rescore': 'rescores the account named in the path; it takes no options',
  'POST /api/alerts/:id/task': 'turns the alert named in the path into its task; it takes no options',
  'POST /api/demo':
    'creates the demo source for the loader; the demo workspace is fixed, it takes no options',
};

/**
 * Creates accounts, a member, invite, API token, source, feature, model, segment, alert, dead ingest message,
 * scoring run, survey and survey link, task and goal, and maps each route's path parameters to them.
 * @example const fixtures = await createRouteFixtures(); await call(fixtures.path('/api/surveys/:id'))
 */
export async function createRouteFixtures(): Promise<RouteFixtures> {
  const account = await seedAccount({ externalId: uid('fixture-account'), users: [60_000] });
  // Names as Keepwell's users write them, so account lists and cursors meet Chinese and emoji.
  await env.DB.prepare('UPDATE accounts SET name = ? WHERE id = ?').bind('阿里巴巴 🚀', account.id).run();
  const second = await seedAccount({ externalId: uid('fixture-account'), users: [60_000] });
  await env.DB.prepare('UPDATE accounts SET name = ? WHERE id = ?').bind('😀 字节跳动', second.id).run();
  // Values ingest stored before it checked them (an extended-year renewal cut to 10 characters, a
  // clock-skewed day, corrupt traits): every read must still answer.
  const odd = await seedAccount({ externalId: uid('fixture-odd'), users: [60_000] });
  await env.DB.prepare(
    `UPDATE accounts SET renewal_date = '+275760-09', contract_start_date = '-007970-01-01', traits = '{"a":',
       last_seen_at = -250000000000000, arr_cents = 9007199254740991, seats = 0 WHERE id = ?`,
  )
    .bind(odd.id)
    .run();
  const member = await createMember({ role: 'viewer' });
  const inviteRes = await admin('/api/members/invites', {
    body: { email: `${uid('invitee')}@example.com`, role: 'viewer' },
  });
  if (inviteRes.status !== 201) throw new Error(`invite: ${inviteRes.status} ${await inviteRes.text()}`);
  const invite = await inviteRes.json<{ id: number; token: string }>();
  const token = await createApiToken('viewer');
  const source = await createSource(uid('fixture-source'));
  const feature = await env.DB.prepare(
    `INSERT INTO features (key, name, kind, first_seen_at) VALUES (?, ?, 'track', ?) RETURNING id`,
  )
    .bind(uid('fixture-feature'), 'Fixture feature', Date.now())
    .first<{ id: number }>();
  const modelId = await publishModel(SEAT_MODEL);
  // A draft on top of the published version, so `publish` has something to publish.
  await admin(`/api/models/${modelId}/draft`, { method: 'PUT', body: { config: SEAT_MODEL } });
  const segment = await createSegment({
    conditions: [{ field: 'plan', op: 'eq', value: uid('fixture-plan') }],
    modelId,
  });
  const rules = await (await admin('/api/alerts/rules')).json<{ items: { id: string }[] }>();
  const alert = await env.DB.prepare(
    `INSERT INTO alerts (account_id, rule_id, status, severity, title, detail, playbook, period, created_at, updated_at)
     VALUES (?, ?, 'open', 'warning', 'Fixture alert', 'Raised for the hostile-input tests', 'Call them.', ?, ?, ?)
     RETURNING id`,
  )
    .bind(account.id, rules.items[0]!.id, '2026-01-01', Date.now(), Date.now())
    .first<{ id: number }>();
  // A dead queue message whose stored body is not JSON (the dead-letter consumer keeps whatever arrived).
  const failure = await env.DB.prepare(
    `INSERT INTO ingest_failures (queue_message_id, source_id, status, attempts, error, event_count, body,
       first_failed_at, last_failed_at)
     VALUES (?, NULL, 'dead', 5, 'body is not JSON', 0, '{"v":', ?, ?) RETURNING id`,
  )
    .bind(uid('fixture-queue-message'), Date.now(), Date.now())
    .first<{ id: number }>();
  // A finished replay job, written directly: a real one would rebuild the rollups of its days.
  const replayId = crypto.randomUUID();
  await env.DB.prepare(
    `INSERT INTO replay_jobs (id, from_day, to_day, status, phase, requested_by, created_at, updated_at, finished_at)
     VALUES (?, '2026-01-01', '2026-01-01', 'done', 'done', 'fixture', ?, ?, ?)`,
  )
    .bind(replayId, Date.now(), Date.now(), Date.now())
    .run();
  const run = await admin('/api/scoring/run', { method: 'POST' });
  if (run.status !== 202) throw new Error(`scoring run: ${run.status} ${await run.text()}`);
  const { runId } = await run.json<{ runId: string }>();
  await waitForRun(runId);
  const backfill = await admin('/api/scoring/backfill', { body: { days: 1 } });
  if (backfill.status !== 202) throw new Error(`backfill: ${backfill.status} ${await backfill.text()}`);
  const { backfillId } = await backfill.json<{ backfillId: string }>();
  // Commercial records, so the revenue reads (metrics, the account's revenue) have data to get through.
  const contractRes = await admin('/api/contracts', {
    body: [
      {
        accountExternalId: account.externalId,
        externalId: uid('fixture-contract'),
        periodStart: '2025-01-01',
        periodEnd: '2025-12-31',
        amountMinor: 1_200_000,
        currency: 'USD',
        interval: 'year',
        outcome: 'renewed',
        items: [{ kind: 'premium_csm', amountMinor: 100_000 }],
      },
      {
        accountExternalId: second.externalId,
        externalId: uid('fixture-contract'),
        periodStart: '2025-06-01',
        periodEnd: '2026-05-31',
        amountMinor: 50_000,
        currency: 'USD',
        interval: 'month',
        outcome: 'churned',
        outcomeReason: 'price',
      },
    ],
  });
  if (contractRes.status !== 200)
    throw new Error(`contracts: ${contractRes.status} ${await contractRes.text()}`);
  const survey = await createSurvey();
  const { links } = await createLinks(survey.id, { accounts: [account.externalId] });
  const task = await env.DB.prepare(
    `INSERT INTO tasks (account_id, title, due_date, priority, status, source, created_by, created_at, updated_at)
     VALUES (?, 'Fixture task', '2026-01-01', 'normal', 'open', 'manual', 'fixture', ?, ?) RETURNING id`,
  )
    .bind(account.id, Date.now(), Date.now())
    .first<{ id: number }>();
  const goal = await env.DB.prepare(
    `INSERT INTO success_goals (account_id, title, target_date, status, created_at, updated_at)
     VALUES (?, 'Fixture goal', '2026-12-01', 'planned', ?, ?) RETURNING id`,
  )
    .bind(account.id, Date.now(), Date.now())
    .first<{ id: number }>();

  const person = await env.DB.prepare(
    `INSERT INTO users (external_id, account_id, email, name, traits, created_at) VALUES (?, ?, ?, 'Fixture person', '{}', ?) RETURNING id`,
  )
    .bind(
      `fixture-person-${Date.now()}-${Math.random()}`,
      account.id,
      'fixture.person@example.com',
      Date.now(),
    )
    .first<{ id: number }>();

  // `:id` names a different record under each resource; the longest matching prefix wins.
  const ids: [prefix: string, id: string][] = [
    ['/api/members/invites/', String(invite.id)],
    ['/api/members/', String(member.id)],
    ['/api/tokens/', String(token.id)],
    ['/api/sources/', source.id],
    ['/api/features/', String(feature!.id)],
    ['/api/ingest/failures/', String(failure!.id)],
    ['/api/ingest/replays/', replayId],
    ['/api/models/', modelId],
    ['/api/segments/', segment.id],
    ['/api/alerts/', String(alert!.id)],
    ['/api/surveys/', String(survey.id)],
    ['/api/tasks/', String(task!.id)],
    ['/api/goals/', String(goal!.id)],
    // Contacts are `u<user id>` (identified) or `c<contact id>` (added by hand).
    ['/api/contacts/', `u${person!.id}`],
  ];
  const byName: Record<string, (path: string) => string | undefined> = {
    externalId: () => account.externalId,
    runId: () => runId,
    backfillId: () => backfillId,
    ruleId: () => rules.items[0]!.id,
    kind: () => 'contracts',
    token: (path) =>
      path.startsWith('/api/auth/invites/')
        ? invite.token
        : path.startsWith('/api/public/surveys/')
          ? tokenOf(links[0]!)
          : undefined,
    id: (path) => ids.find(([prefix]) => path.startsWith(prefix))?.[1],
  };
  return {
    records: {
      externalId: account.externalId,
      modelId,
      segmentId: segment.id,
      ruleId: rules.items[0]!.id,
      segments: await listSegments(),
    },
    path(path) {
      return path.replace(/:(\w+)(\{[^}]*\})?/g, (_m, name: string) => {
        const value = byName[name]?.(path);
        if (value === undefined) {
          throw new Error(`no fixture for :${name} in ${path}: add one to test/integration/api-fixtures.ts`);
        }
        return encodeURIComponent(value);
      });
    },
  };
}
