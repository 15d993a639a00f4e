import { beforeAll, describe, expect, it } from 'vitest';
import { hasRole, type Role } from '../../shared/contracts/auth';
import { createApp } from '../../worker/app';
import { requirementFor } from '../../worker/auth/roles';
import { ADMIN_TOKEN, basic, call, createApiToken, createSource } from './helpers';

type Requirement = 'public' | 'admin-token' | Role;

/**
 * The authorization matrix: every /api route as registered, and what it needs. Written out by hand on
 * purpose (not derived from worker/auth/roles.ts): a route missing here fails the first test, so each
 * new route gets a conscious decision and is then exercised with every kind of caller below.
 */
const EXPECTED: Record<string, Requirement> = {
  // Public: health, sign-in, invites.
  'GET /api/health': 'public',
  'GET /api/auth/state': 'public',
  'POST /api/auth/sign-in': 'public',
  'POST /api/auth/sign-out': 'public',
  'GET /api/auth/invites/:token': 'public',
  'POST /api/auth/invites/:token/accept': 'public',
  'GET /api/public/surveys/:token': 'public',
  'POST /api/public/surveys/:token': 'public',
  // Bootstrap: only the ADMIN_TOKEN bearer itself.
  'POST /api/auth/setup': 'admin-token',
  // Any member.
  'GET /api/auth/me': 'viewer',
  'POST /api/auth/password': 'viewer',
  'GET /api/members': 'viewer',
  // Reads.
  'GET /api/sources': 'viewer',
  'GET /api/demo': 'viewer',
  'GET /api/accounts': 'viewer',
  'GET /api/accounts/export.csv': 'viewer',
  'GET /api/accounts/:externalId': 'viewer',
  'GET /api/accounts/:externalId/health/history': 'viewer',
  'GET /api/accounts/:externalId/metrics': 'viewer',
  'GET /api/accounts/:externalId/insight': 'viewer',
  'GET /api/accounts/:externalId/activity': 'viewer',
  'GET /api/accounts/:externalId/timeline': 'viewer',
  'GET /api/accounts/:externalId/touchpoints': 'viewer',
  'GET /api/accounts/:externalId/contacts': 'viewer',
  'GET /api/dashboard': 'viewer',
  'GET /api/features': 'viewer',
  'GET /api/ingest/failures': 'viewer',
  'GET /api/ingest/stats': 'viewer',
  'GET /api/ingest/sources': 'viewer',
  'GET /api/models': 'viewer',
  'GET /api/models/:id': 'viewer',
  'GET /api/models/:id/versions': 'viewer',
  'GET /api/models/:id/diff': 'viewer',
  'GET /api/segments': 'viewer',
  'GET /api/segments/matches': 'viewer',
  'GET /api/scoring/runs/:runId': 'viewer',
  'GET /api/scoring/backfills/:backfillId': 'viewer',
  'GET /api/portfolio/summary': 'viewer',
  'GET /api/audit': 'viewer',
  // The API's own description and its interactive reference: every signed-in role.
  'GET /api/openapi.json': 'viewer',
  'GET /api/docs': 'viewer',
  'GET /api/alerts': 'viewer',
  'GET /api/alerts/:id': 'viewer',
  'GET /api/alerts/rules': 'viewer',
  'GET /api/settings/tiers': 'viewer',
  'GET /api/settings/transitions': 'viewer',
  'GET /api/surveys': 'viewer',
  'GET /api/surveys/:id': 'viewer',
  'GET /api/surveys/:id/responses': 'viewer',
  'GET /api/surveys/:id/responses.csv': 'viewer',
  'GET /api/surveys/:id/summary': 'viewer',
  'GET /api/surveys/:id/accounts': 'viewer',
  // CSM work: ratings, overrides, touchpoints, alerts.
  'POST /api/accounts/:externalId/rating': 'csm',
  'POST /api/accounts/:externalId/override': 'csm',
  'DELETE /api/accounts/:externalId/override': 'csm',
  'POST /api/accounts/:externalId/touchpoints': 'csm',
  'POST /api/accounts/:externalId/contacts': 'csm',
  'PATCH /api/contacts/:id': 'csm',
  // …and a CSM rescores the accounts they own (ownership: test/integration/rescore.test.ts).
  'POST /api/accounts/:externalId/rescore': 'csm',
  'POST /api/alerts/:id/assign': 'csm',
  'POST /api/alerts/:id/snooze': 'csm',
  'POST /api/alerts/:id/close': 'csm',
  // Tasks are CS work: CSMs and admins only, reads included; success plans every member reads.
  'POST /api/alerts/:id/task': 'csm',
  'GET /api/tasks': 'csm',
  'GET /api/tasks/counts': 'csm',
  'GET /api/tasks/:id': 'csm',
  'POST /api/tasks': 'csm',
  'PATCH /api/tasks/:id': 'csm',
  'GET /api/accounts/:externalId/goals': 'viewer',
  'POST /api/accounts/:externalId/goals': 'csm',
  'PATCH /api/goals/:id': 'csm',
  'DELETE /api/goals/:id': 'csm',
  'POST /api/alerts/bulk': 'csm',
  // CSM work that reveals credentials: signed survey links answer as the customer.
  'GET /api/surveys/:id/links': 'csm',
  'GET /api/surveys/:id/links.csv': 'csm',
  // …and email them to their contacts; the log of what they sent or received; unsubscribed addresses.
  'POST /api/surveys/:id/invitations': 'csm',
  'GET /api/mail/messages': 'csm',
  'GET /api/mail/suppressions': 'csm',
  // Every member keeps their own digest choice.
  'GET /api/mail/preferences': 'viewer',
  'PUT /api/mail/preferences': 'viewer',
  // Revenue: CSMs and admins read it, viewers do not; CSMs record their leads and advocacy.
  'GET /api/metrics': 'csm',
  'GET /api/metrics/expansion-candidates': 'csm',
  'GET /api/surveys/promoters': 'csm',
  'GET /api/accounts/:externalId/revenue': 'csm',
  'GET /api/cs-costs': 'csm',
  'GET /api/settings/revenue': 'csm',
  'POST /api/leads': 'csm',
  'POST /api/advocacy': 'csm',
  // Admin: configuration, people, tokens, and reads that reveal secrets.
  'GET /api/tokens': 'admin',
  'POST /api/tokens': 'admin',
  'DELETE /api/tokens/:id': 'admin',
  'PATCH /api/members/:id': 'admin',
  'GET /api/members/invites': 'admin',
  'POST /api/members/invites': 'admin',
  'DELETE /api/members/invites/:id': 'admin',
  'POST /api/sources': 'admin',
  'GET /api/sources/:id/write-key': 'admin',
  'DELETE /api/sources/:id': 'admin',
  'POST /api/demo': 'admin',
  'DELETE /api/demo': 'admin',
  'PATCH /api/features/:id': 'admin',
  'POST /api/ingest/failures/:id/replay': 'admin',
  // Replays rewrite every account's usage of their days: admins only, reads included.
  'POST /api/ingest/replays': 'admin',
  'GET /api/ingest/replays': 'admin',
  'GET /api/ingest/replays/:id': 'admin',
  'POST /api/metrics': 'admin',
  'POST /api/custom-metrics': 'admin',
  'POST /api/contracts': 'admin',
  'POST /api/tickets': 'admin',
  'POST /api/cs-costs': 'admin',
  'POST /api/imports/:kind': 'admin',
  'PUT /api/settings/revenue': 'admin',
  'POST /api/accounts/:externalId/metrics': 'admin',
  'POST /api/models': 'admin',
  'POST /api/models/validate': 'admin',
  'PUT /api/models/:id/draft': 'admin',
  'POST /api/models/:id/publish': 'admin',
  'POST /api/models/:id/rollback': 'admin',
  'POST /api/models/:id/preview': 'admin',
  'POST /api/models/:id/backtest': 'admin',
  'POST /api/models/:id/calibrate': 'admin',
  'DELETE /api/models/:id/draft': 'admin',
  'PUT /api/segments': 'admin',
  'POST /api/segments': 'admin',
  'PATCH /api/segments/:id': 'admin',
  'DELETE /api/segments/:id': 'admin',
  'POST /api/segments/reorder': 'admin',
  'POST /api/scoring/run': 'admin',
  'POST /api/scoring/backfill': 'admin',
  'PUT /api/alerts/rules/:ruleId': 'admin',
  'GET /api/alerts/webhook': 'admin',
  'PUT /api/alerts/webhook': 'admin',
  'GET /api/alerts/webhook/deliveries': 'admin',
  'PUT /api/settings/tiers': 'admin',
  // Mail settings name the sender (a phishing lever) and a provider key: admins only.
  'GET /api/settings/mail': 'admin',
  'PUT /api/settings/mail': 'admin',
  'POST /api/settings/mail/test': 'admin',
  'PUT /api/settings/transitions': 'admin',
  'POST /api/surveys': 'admin',
  'PATCH /api/surveys/:id': 'admin',
  'POST /api/surveys/:id/links': 'admin',
};

/** Every /api route the app registers, as `METHOD /path` (middleware is registered with method ALL). */
const ROUTES = [
  ...new Set(
    createApp()
      .routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api'))
      .map((r) => `${r.method} ${r.path}`),
  ),
].sort();

/** Placeholder values per path parameter: well-formed, naming nothing that exists. */
const PARAMS: Record<string, string> = {
  externalId: 'no-such-account',
  id: '999999',
  runId: '00000000-0000-4000-8000-000000000000',
  ruleId: 'no-such-rule',
  token: 'x'.repeat(43),
  kind: 'contracts',
};

const concretePath = (path: string) =>
  path.replace(/:(\w+)(\{[^}]*\})?/g, (_m, name: string) => PARAMS[name] ?? 'x');

type Caller = 'none' | 'write key (Basic)' | 'write key (Bearer)' | Role | 'ADMIN_TOKEN';
const CALLERS: Caller[] = [
  'none',
  'write key (Basic)',
  'write key (Bearer)',
  'viewer',
  'csm',
  'admin',
  'ADMIN_TOKEN',
];

const authorizationOf: Partial<Record<Caller, string>> = {};

beforeAll(async () => {
  const { writeKey } = await createSource('authorization-matrix');
  authorizationOf['write key (Basic)'] = basic(writeKey);
  authorizationOf['write key (Bearer)'] = `Bearer ${writeKey}`;
  for (const role of ['viewer', 'csm', 'admin'] as const) {
    authorizationOf[role] = `Bearer ${(await createApiToken(role, { name: `matrix-${role}` })).token}`;
  }
  authorizationOf.ADMIN_TOKEN = `Bearer ${ADMIN_TOKEN}`;
});

/** 401, 403 or "passed" (anything else: a 400 or 404 from validation still proves the gate let it through). */
function expectedOutcome(needed: Requirement, caller: Caller): 401 | 403 | 'passed' {
  if (needed === 'public') return 'passed';
  if (caller === 'none' || caller.startsWith('write key')) return 401;
  if (needed === 'admin-token') return caller === 'ADMIN_TOKEN' ? 'passed' : 403;
  const role: Role = caller === 'ADMIN_TOKEN' ? 'admin' : (caller as Role);
  return hasRole(role, needed) ? 'passed' : 403;
}

describe('authorization matrix', () => {
  it('every /api route has an expectation in this table', () => {
    expect(ROUTES.length).toBeGreaterThan(50);
    expect(ROUTES.filter((r) => !(r in EXPECTED))).toEqual([]);
  });

  it('the central policy agrees with the table for every route', () => {
    const disagreements = ROUTES.filter((r) => r in EXPECTED).flatMap((r) => {
      const [method, path] = r.split(' ') as [string, string];
      const actual = requirementFor(method, path);
      return actual === EXPECTED[r] ? [] : [`${r}: policy ${actual}, table ${EXPECTED[r]}`];
    });
    expect(disagreements).toEqual([]);
  });

  it.each(ROUTES.filter((r) => r in EXPECTED))('%s', async (route) => {
    const [method, path] = route.split(' ') as [string, string];
    const needed = EXPECTED[route]!;
    const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
    const results: string[] = [];
    const expected: string[] = [];
    for (const caller of CALLERS) {
      const authorization = authorizationOf[caller];
      const res = await call(concretePath(path), {
        method,
        headers: {
          ...(authorization ? { Authorization: authorization } : {}),
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        body,
      });
      await res.body?.cancel();
      const outcome = expectedOutcome(needed, caller);
      results.push(`${caller}: ${res.status === 401 || res.status === 403 ? res.status : 'passed'}`);
      expected.push(`${caller}: ${outcome}`);
    }
    expect(results).toEqual(expected);
  });
});
