import { Hono } from 'hono';
import { z } from 'zod';
import {
  type AuthMe,
  type AuthState,
  acceptInviteInput,
  changePasswordInput,
  type InviteInfo,
  setupInput,
  signInInput,
} from '../../shared/contracts/auth';
import { hashPassword, verifyPassword } from '../auth/password';
import { clearSessionCookie, startSession } from '../auth/session';
import { assertNotThrottled, checkCredentials, clientIp } from '../auth/sign-in';
import { sha256Hex } from '../auth/tokens';
import { auditInsert } from '../db/audit';
import { type Db, getDb } from '../db/client';
import { claimInvite, findInviteByTokenHash, type InviteRow, inviteProblem } from '../db/invites';
import {
  activeMemberWithEmail,
  countMembers,
  getMember,
  insertFirstAdmin,
  setPasswordHash,
  toAuthMember,
  upsertInvitedMember,
} from '../db/members';
import { deleteMemberSessions, deleteSession } from '../db/sessions';
import { recordSignInFailure } from '../db/sign-in-failures';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { accessConfigured } from '../middleware/auth';
import { validate } from '../middleware/validate';

const tokenParam = z.object({ token: z.string().min(20).max(200) });

/** The pending invite of a link token: 404 when unknown, 410 INVITE_INVALID when used, revoked or expired. */
async function pendingInvite(db: Db, token: string, now: number): Promise<InviteRow> {
  const invite = await findInviteByTokenHash(db, await sha256Hex(token));
  if (!invite) throw new ApiError({ code: 'NOT_FOUND', message: 'no such invite' });
  const problem = inviteProblem(invite, now);
  if (problem) throw new ApiError({ code: 'INVITE_INVALID', message: `this invite was ${problem}` });
  return invite;
}

/** Sign-in, sessions, first set-up and invite acceptance. Mounted under /api/auth; see worker/middleware/roles.ts. */
export const authRoutes = new Hono<AppEnv>()
  .get('/state', async (c) => {
    const state: AuthState = {
      setupRequired: (await countMembers(getDb(c.env.DB))) === 0,
      accessMode: accessConfigured(c.env),
    };
    return c.json(state);
  })
  .post('/setup', validate('json', setupInput), async (c) => {
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
  .post('/sign-in', validate('json', signInInput), async (c) => {
    const db = getDb(c.env.DB);
    const { email, password } = c.req.valid('json');
    const now = Date.now();
    const member = await checkCredentials(
      db,
      { email, password, ip: clientIp(c.req.header('CF-Connecting-IP')) },
      now,
    );
    await auditInsert(
      db,
      { actor: member.email, action: 'auth.sign_in', entity: 'member', entityId: String(member.id) },
      now,
    );
    return c.json(await startSession(c, member, now));
  })
  .post('/sign-out', async (c) => {
    const failure = c.get('authFailure');
    if (failure?.code === 'CSRF_FAILED') throw failure;
    const session = c.get('session');
    if (session) await deleteSession(getDb(c.env.DB), session.tokenHash);
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .get('/me', async (c) => {
    const actor = c.get('actor');
    const member = actor.memberId === null ? undefined : await getMember(getDb(c.env.DB), actor.memberId);
    const body: AuthMe = {
      member: member ? toAuthMember(member) : null,
      csrfToken: c.get('authMethod') === 'session' ? c.get('session').csrfToken : null,
      actor,
    };
    return c.json(body);
  })
  .post('/password', validate('json', changePasswordInput), async (c) => {
    const db = getDb(c.env.DB);
    const actor = c.get('actor');
    const member = actor.memberId === null ? undefined : await getMember(db, actor.memberId);
    if (!member) throw new ApiError({ code: 'FORBIDDEN', message: 'only a signed-in member has a password' });
    const { currentPassword, newPassword } = c.req.valid('json');
    const now = Date.now();
    // A stolen session must not be able to guess the password: the sign-in limits apply here too.
    const who = { email: member.email, ip: clientIp(c.req.header('CF-Connecting-IP')) };
    await assertNotThrottled(db, who, now);
    if (!(await verifyPassword(currentPassword, member.passwordHash)).ok) {
      await recordSignInFailure(db, who, now);
      throw new ApiError({
        code: 'VALIDATION_FAILED',
        message: 'the current password is wrong',
        issues: [{ path: ['currentPassword'], code: 'custom', message: 'wrong password' }],
      });
    }
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
  .get('/invites/:token', validate('param', tokenParam), async (c) => {
    const invite = await pendingInvite(getDb(c.env.DB), c.req.valid('param').token, Date.now());
    const info: InviteInfo = {
      email: invite.email,
      role: invite.role,
      expiresAt: new Date(invite.expiresAt).toISOString(),
    };
    return c.json(info);
  })
  .post(
    '/invites/:token/accept',
    validate('param', tokenParam),
    validate('json', acceptInviteInput),
    async (c) => {
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
      return c.json(await startSession(c, member, now), 201);
    },
  );
