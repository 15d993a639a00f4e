import { z } from 'zod';
import {
  acceptInviteInput,
  authMeSchema,
  authSessionSchema,
  authStateSchema,
  changePasswordInput,
  inviteInfoSchema,
  inviteTokenParam,
  setupInput,
  signInInput,
} from '../../shared/contracts/auth';
import { assignOwnedAlerts } from '../alerts/store';
import { auditInsert } from '../audit/store';
import { type Db, getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { accessConfigured } from './authenticate';
import { requestDevice } from './device';
import { claimInvite, findInviteByTokenHash, type InviteRow, inviteProblem } from './invites-store';
import {
  activeMemberWithEmail,
  countMembers,
  getMember,
  insertFirstAdmin,
  setPasswordHash,
  toAuthMember,
  upsertInvitedMember,
} from './members-store';
import { hashPassword, verifyPassword } from './password';
import { clearSessionCookie, startSession } from './session';
import { deleteMemberSessions, deleteSession } from './sessions-store';
import { checkCredentials, clientIp, reserveAttempt } from './sign-in';
import { pruneSignInFailures, releaseSignInAttempt } from './sign-in-failures-store';
import { sha256Hex } from './tokens';

const tags = ['Auth'];

// The cookies a successful sign-in sets (worker/auth/session.ts, worker/auth/device.ts).
const sessionCookies = z.object({
  'Set-Cookie': z.string().meta({
    description:
      '`kw_session` (HttpOnly, Secure, SameSite=Strict, Path=/; the session) and `kw_device` (Path=/api/auth, 180 days; marks this browser as trusted for the member, see the sign-in limits).',
  }),
});

/** A session answer: the member and CSRF token, with the cookies that carry the session. */
const sessionResponse = (description: string) => ({
  ...jsonResponse(authSessionSchema, description),
  headers: sessionCookies,
});

const getState = defineRoute({
  method: 'get',
  path: '/state',
  auth: 'public',
  tags,
  summary: 'Get the sign-in state',
  description:
    'Whether the first admin still has to be created (`setupRequired`) and whether Cloudflare Access is configured.',
  responses: { 200: jsonResponse(authStateSchema, 'The sign-in state') },
});

const setup = defineRoute({
  method: 'post',
  path: '/setup',
  tags,
  security: [{ bearer: [] }],
  summary: 'Create the first admin',
  description:
    'Creates the first member, an admin, and signs them in (sets the session and device cookies). Only with the ADMIN_TOKEN bearer and only while no member exists (else 409 ALREADY_SET_UP). Recorded in the audit log (`member.setup`).',
  request: { body: jsonBody(setupInput) },
  responses: { 201: sessionResponse('The new admin, signed in') },
  errors: ['ALREADY_SET_UP'],
});

const signIn = defineRoute({
  method: 'post',
  path: '/sign-in',
  auth: 'public',
  tags,
  summary: 'Sign in',
  description:
    'Checks email and password and starts a session (sets the `kw_session` and `kw_device` cookies). Unknown email, wrong password and deactivated member all answer 401 INVALID_CREDENTIALS. Limited to 5 failures per 15 minutes per trusted browser (`kw_device` of that member), else per email and per client address: then 429 TOO_MANY_ATTEMPTS with Retry-After. Recorded in the audit log (`auth.sign_in`).',
  request: { body: jsonBody(signInInput) },
  responses: { 200: sessionResponse('The member, signed in') },
  errors: ['INVALID_CREDENTIALS', 'TOO_MANY_ATTEMPTS'],
});

const signOut = defineRoute({
  method: 'post',
  path: '/sign-out',
  auth: 'public',
  tags,
  summary: 'Sign out',
  description:
    "Ends the cookie's session, if any, and expires the `kw_session` cookie. With a live session cookie it needs the session's `X-CSRF-Token` (else 403 CSRF_FAILED); a stale cookie is just cleared.",
  responses: {
    204: {
      description: 'Signed out',
      headers: z.object({ 'Set-Cookie': z.string().meta({ description: '`kw_session` expired.' }) }),
    },
  },
  errors: ['CSRF_FAILED'],
});

const getMe = defineRoute({
  method: 'get',
  path: '/me',
  tags,
  summary: 'Get the caller',
  description:
    'Who is calling: the member and CSRF token of a browser session, or only the actor for a bearer token (API token or ADMIN_TOKEN).',
  responses: { 200: jsonResponse(authMeSchema, 'The caller') },
});

const changePassword = defineRoute({
  method: 'post',
  path: '/password',
  tags,
  summary: "Change the caller's password",
  description:
    "Only for a member (403 for API tokens and the ADMIN_TOKEN). A wrong `currentPassword` is 400 VALIDATION_FAILED and counts against the sign-in limits (429 TOO_MANY_ATTEMPTS with Retry-After). Ends the member's other sessions. Recorded in the audit log (`member.password`).",
  request: { body: jsonBody(changePasswordInput) },
  responses: { 204: { description: 'Changed' } },
  errors: ['FORBIDDEN', 'VALIDATION_FAILED', 'TOO_MANY_ATTEMPTS'],
});

const getInvite = defineRoute({
  method: 'get',
  path: '/invites/{token}',
  auth: 'public',
  tags,
  summary: 'Get an invite',
  description:
    'The email and role of a pending invite link: 404 when the token is unknown, 410 INVITE_INVALID when it was used, revoked or expired, or its inviter is no longer an active admin.',
  request: { params: inviteTokenParam },
  responses: { 200: jsonResponse(inviteInfoSchema, 'The pending invite') },
  errors: ['NOT_FOUND', 'INVITE_INVALID'],
});

const acceptInvite = defineRoute({
  method: 'post',
  path: '/invites/{token}/accept',
  auth: 'public',
  tags,
  summary: 'Accept an invite',
  description:
    "Creates the member with the invite's email and role (reactivating a deactivated member of that email) and signs them in (sets the session and device cookies). 404 when the token is unknown, 410 INVITE_INVALID when used, revoked or expired, 409 CONFLICT when the email is already an active member. Recorded in the audit log (`invite.accept`).",
  request: { params: inviteTokenParam, body: jsonBody(acceptInviteInput) },
  responses: { 201: sessionResponse('The new member, signed in') },
  errors: ['NOT_FOUND', 'INVITE_INVALID', 'CONFLICT'],
});

/**
 * The pending invite of a link token: 404 when unknown, 410 INVITE_INVALID when used, revoked or expired,
 * or when the member who made it is no longer an active admin (an invite never outlives its inviter's rights).
 */
async function pendingInvite(db: Db, token: string, now: number): Promise<InviteRow> {
  const invite = await findInviteByTokenHash(db, await sha256Hex(token));
  if (!invite) throw new ApiError({ code: 'NOT_FOUND', message: 'no such invite' });
  let problem = inviteProblem(invite, now);
  if (!problem && invite.invitedBy !== null) {
    const inviter = await getMember(db, invite.invitedBy);
    if (!inviter?.active || inviter.role !== 'admin') problem = 'revoked';
  }
  if (problem) throw new ApiError({ code: 'INVITE_INVALID', message: `this invite was ${problem}` });
  return invite;
}

/** Sign-in, sessions, first set-up and invite acceptance. Mounted under /api/auth; see worker/auth/roles.ts. */
export const authRoutes = createRouter()
  .openapi(getState, async (c) =>
    c.json(
      {
        setupRequired: (await countMembers(getDb(c.env.DB))) === 0,
        accessMode: accessConfigured(c.env),
      },
      200,
    ),
  )
  .openapi(setup, async (c) => {
    const db = getDb(c.env.DB);
    const input = c.req.valid('json');
    const now = Date.now();
    const member = await insertFirstAdmin(db, {
      ...input,
      passwordHash: await hashPassword(input.password),
      now,
    });
    if (!member)
      throw new ApiError({ code: 'ALREADY_SET_UP', message: 'the first admin already exists; sign in' });
    await auditInsert(
      db,
      {
        actor: 'admin-token',
        action: 'member.setup',
        entity: 'member',
        entityId: String(member.id),
        details: { email: member.email },
      },
      now,
    );
    return c.json(await startSession(c, member, now), 201);
  })
  .openapi(signIn, async (c) => {
    const db = getDb(c.env.DB);
    const { email, password } = c.req.valid('json');
    const now = Date.now();
    const member = await checkCredentials(
      db,
      {
        email,
        password,
        ip: clientIp(c.req.header('CF-Connecting-IP')),
        device: await requestDevice(c, email, now),
      },
      now,
    );
    await auditInsert(
      db,
      { actor: member.email, action: 'auth.sign_in', entity: 'member', entityId: String(member.id) },
      now,
    );
    return c.json(await startSession(c, member, now), 200);
  })
  .openapi(signOut, async (c) => {
    const failure = c.get('authFailure');
    if (failure?.code === 'CSRF_FAILED') throw failure;
    const session = c.get('session');
    if (session) await deleteSession(getDb(c.env.DB), session.tokenHash);
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .openapi(getMe, async (c) => {
    const actor = c.get('actor');
    const member = actor.memberId === null ? undefined : await getMember(getDb(c.env.DB), actor.memberId);
    return c.json(
      {
        member: member ? toAuthMember(member) : null,
        csrfToken: c.get('authMethod') === 'session' ? c.get('session').csrfToken : null,
        actor,
      },
      200,
    );
  })
  .openapi(changePassword, async (c) => {
    const db = getDb(c.env.DB);
    const actor = c.get('actor');
    const member = actor.memberId === null ? undefined : await getMember(db, actor.memberId);
    if (!member) throw new ApiError({ code: 'FORBIDDEN', message: 'only a signed-in member has a password' });
    const { currentPassword, newPassword } = c.req.valid('json');
    const now = Date.now();
    // A stolen session must not be able to guess the password: the sign-in limits apply here too.
    const who = {
      email: member.email,
      ip: clientIp(c.req.header('CF-Connecting-IP')),
      device: await requestDevice(c, member.email, now),
    };
    const attempt = await reserveAttempt(db, who, now);
    if (!(await verifyPassword(currentPassword, member.passwordHash)).ok) {
      await pruneSignInFailures(db, now);
      throw new ApiError({
        code: 'VALIDATION_FAILED',
        message: 'the current password is wrong',
        issues: [{ path: ['currentPassword'], code: 'custom', message: 'wrong password' }],
      });
    }
    await releaseSignInAttempt(db, attempt);
    await setPasswordHash(db, member.id, await hashPassword(newPassword), now);
    const keep = c.get('authMethod') === 'session' ? c.get('session').tokenHash : undefined;
    await deleteMemberSessions(db, member.id, keep);
    await auditInsert(
      db,
      { actor: member.email, action: 'member.password', entity: 'member', entityId: String(member.id) },
      now,
    );
    return c.body(null, 204);
  })
  .openapi(getInvite, async (c) => {
    const invite = await pendingInvite(getDb(c.env.DB), c.req.valid('param').token, Date.now());
    return c.json(
      { email: invite.email, role: invite.role, expiresAt: new Date(invite.expiresAt).toISOString() },
      200,
    );
  })
  .openapi(acceptInvite, async (c) => {
    const db = getDb(c.env.DB);
    const now = Date.now();
    const invite = await pendingInvite(db, c.req.valid('param').token, now);
    if (await activeMemberWithEmail(db, invite.email)) {
      throw new ApiError({
        code: 'CONFLICT',
        message: `${invite.email} is already a member; sign in instead`,
      });
    }
    const { name, password } = c.req.valid('json');
    const passwordHash = await hashPassword(password);
    if (!(await claimInvite(db, invite.id, now))) {
      throw new ApiError({ code: 'INVITE_INVALID', message: 'this invite was accepted' });
    }
    const member = await upsertInvitedMember(db, {
      email: invite.email,
      name,
      role: invite.role,
      passwordHash,
      now,
    });
    await auditInsert(
      db,
      {
        actor: member.email,
        action: 'invite.accept',
        entity: 'member',
        entityId: String(member.id),
        details: { inviteId: invite.id, role: member.role },
      },
      now,
    );
    // Alerts of the accounts they own waited unassigned for them (an owner who was not yet a member).
    await assignOwnedAlerts(db, member.email, member.email, now);
    return c.json(await startSession(c, member, now), 201);
  });
