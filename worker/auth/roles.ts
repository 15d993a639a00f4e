import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { hasRole, type Role } from '../../shared/contracts/auth';
import type { AppEnv } from '../common/env';
import { ApiError } from '../common/errors';

/** What a route needs: nothing, the ADMIN_TOKEN bearer itself, or at least a role. */
export type Requirement = 'public' | 'admin-token' | Role;

/**
 * Exceptions to the default policy (reads need viewer, everything else admin), keyed `METHOD /path` with
 * path parameters written as bare `:` so a renamed parameter keeps its entry. Every route not listed here
 * falls to the default, so a new write route is admin-only until someone decides otherwise.
 */
export const ROUTE_POLICY: Readonly<Record<string, Requirement>> = {
  'GET /api/health': 'public',
  'GET /api/auth/state': 'public',
  'POST /api/auth/sign-in': 'public',
  // Checks the session (and its CSRF token) itself, so a stale cookie can still be cleared.
  'POST /api/auth/sign-out': 'public',
  'GET /api/auth/invites/:': 'public',
  'POST /api/auth/invites/:/accept': 'public',
  // The survey page customers open from a link; mounted before the auth middleware (the token is the credential).
  'GET /api/public/surveys/:': 'public',
  'POST /api/public/surveys/:': 'public',
  'POST /api/auth/setup': 'admin-token',
  'POST /api/auth/password': 'viewer',
  // CSMs work accounts and alerts.
  'POST /api/accounts/:/rating': 'csm',
  'POST /api/accounts/:/override': 'csm',
  'DELETE /api/accounts/:/override': 'csm',
  'POST /api/accounts/:/touchpoints': 'csm',
  'POST /api/accounts/:/contacts': 'csm',
  'PATCH /api/contacts/:': 'csm',
  // A CSM rescores only the accounts they own (the route checks the owner); admins any.
  'POST /api/accounts/:/rescore': 'csm',
  'POST /api/alerts/:/assign': 'csm',
  'POST /api/alerts/:/snooze': 'csm',
  'POST /api/alerts/:/close': 'csm',
  // Tasks are CS work: CSMs and admins read and write them, viewers see none.
  'POST /api/alerts/:/task': 'csm',
  'GET /api/tasks': 'csm',
  'GET /api/tasks/counts': 'csm',
  'GET /api/tasks/:': 'csm',
  'POST /api/tasks': 'csm',
  'PATCH /api/tasks/:': 'csm',
  // Success plans: every member reads them on the account page; CSMs and admins keep them.
  'POST /api/accounts/:/goals': 'csm',
  'PATCH /api/goals/:': 'csm',
  'DELETE /api/goals/:': 'csm',
  'POST /api/alerts/bulk': 'csm',
  // Signed survey links are credentials (whoever holds one answers as that customer), like invites: CSMs
  // send them to their accounts, viewers never see them.
  'GET /api/surveys/:/links': 'csm',
  'GET /api/surveys/:/links.csv': 'csm',
  // …and email them: the personal link goes to its contact only.
  'POST /api/surveys/:/invitations': 'csm',
  // Mail: CSMs read the log of what they sent or received and the unsubscribed addresses; every member
  // keeps their own digest preference. Mail settings and the test message are admin (the default).
  'GET /api/mail/messages': 'csm',
  'GET /api/mail/suppressions': 'csm',
  'GET /api/mail/preferences': 'viewer',
  'PUT /api/mail/preferences': 'viewer',
  // The From address and provider are configuration an attacker could use for phishing: admins only.
  'GET /api/settings/mail': 'admin',
  // Revenue is for the people who work accounts: CSMs and admins read it, viewers do not. CSMs record the
  // leads and advocacy they bring; contracts, tickets, costs, imports and revenue settings are admin writes.
  'GET /api/metrics': 'csm',
  'GET /api/metrics/expansion-candidates': 'csm',
  'GET /api/accounts/:/revenue': 'csm',
  'GET /api/cs-costs': 'csm',
  'GET /api/settings/revenue': 'csm',
  'POST /api/leads': 'csm',
  'POST /api/advocacy': 'csm',
  // Promoters to ask for a referral: account work, like the expansion candidates.
  'GET /api/surveys/promoters': 'csm',
  // Reads that reveal secrets or pending access: the webhook URL is itself a credential (e.g. Slack).
  'GET /api/tokens': 'admin',
  // Replays rewrite every account's usage of their days: admins start and follow them.
  'GET /api/ingest/replays': 'admin',
  'GET /api/ingest/replays/:': 'admin',
  // A write key lets its holder send events as that source.
  'GET /api/sources/:/write-key': 'admin',
  'GET /api/members/invites': 'admin',
  'GET /api/alerts/webhook': 'admin',
  'GET /api/alerts/webhook/deliveries': 'admin',
};

/** `/api/accounts/:externalId/rating` → `/api/accounts/:/rating` (a parameter may carry a `{regex}`). */
const normalise = (path: string) => path.replace(/:[^/{]+(\{[^}]*\})?/g, ':');

/**
 * The requirement of a route given as registered (`/api/alerts/:id/close`). HEAD counts as GET.
 * @example requirementFor('POST', '/api/alerts/:id/close') // 'csm'
 */
export function requirementFor(method: string, path: string): Requirement {
  const m = method === 'HEAD' ? 'GET' : method.toUpperCase();
  return ROUTE_POLICY[`${m} ${normalise(path)}`] ?? (m === 'GET' ? 'viewer' : 'admin');
}

/**
 * Enforces {@link requirementFor} on the route that will handle the request (after {@link authenticate}):
 * 401 without valid credentials, 403 CSRF_FAILED for a cookie write without its token, 403 FORBIDDEN
 * naming the role needed. A path matching no route gets the default, so unknown paths reveal nothing.
 * @example api.use('*', authenticate()).use('*', authorize())
 */
export function authorize(): MiddlewareHandler<AppEnv> {
  return async function authorizeMiddleware(c, next) {
    // Middleware entries are registered with method ALL; the first other entry is the route that responds.
    const route = matchedRoutes(c).find((r) => r.method !== 'ALL');
    // No route: a 404 follows, but only for callers who could read (GET) or configure (anything else).
    const needed = requirementFor(c.req.method, route?.path ?? '');
    if (needed === 'public') return next();
    const actor = c.get('actor');
    if (!actor) {
      throw (
        c.get('authFailure') ??
        new ApiError({ code: 'UNAUTHORIZED', message: 'sign in or send a bearer token' })
      );
    }
    if (needed === 'admin-token') {
      if (c.get('authMethod') !== 'admin-token') {
        throw new ApiError({ code: 'FORBIDDEN', message: 'this needs the ADMIN_TOKEN bearer token' });
      }
    } else if (!hasRole(actor.role, needed)) {
      throw new ApiError({
        code: 'FORBIDDEN',
        message: `this needs the ${needed} role; ${actor.email} is ${actor.role}`,
      });
    }
    return next();
  };
}
