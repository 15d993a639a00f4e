import {
  createdInviteSchema,
  createInviteInput,
  inviteIdParam,
  inviteListSchema,
  memberIdParam,
  memberItemSchema,
  memberListSchema,
  updateMemberInput,
} from '../../shared/contracts/auth';
import { mailLocale, renderInvite } from '../../shared/mail';
import { auditInsert } from '../audit/store';
import { type Db, getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { statementOf } from '../common/raw-sql';
import { sendSoon } from '../mail/sender';
import { enqueueMail, getMailPreferences } from '../mail/store';
import { revokeMemberTokens } from './api-tokens-store';
import { accountableMemberId } from './authenticate';
import {
  insertInvite,
  listPendingInvites,
  revokeInvite,
  revokeMemberInvites,
  toInviteItem,
} from './invites-store';
import {
  activeMemberWithEmail,
  getMember,
  listMembers,
  type MemberRow,
  toMemberItem,
  updateMember,
} from './members-store';
import { deleteMemberSessions } from './sessions-store';
import { randomToken, sha256Hex } from './tokens';
import { deleteMemberDevices } from './trusted-devices-store';

const DAY_MS = 86_400_000;

const tags = ['Members'];

const listMembersRoute = defineRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'List members',
  description: 'Every member, active or not, by email.',
  responses: { 200: jsonResponse(memberListSchema, 'Every member') },
});

const listInvitesRoute = defineRoute({
  method: 'get',
  path: '/invites',
  tags,
  summary: 'List pending invites',
  description:
    'Invites neither accepted, revoked nor expired, oldest first. Their links are never shown again.',
  responses: { 200: jsonResponse(inviteListSchema, 'The pending invites') },
});

const createInviteRoute = defineRoute({
  method: 'post',
  path: '/invites',
  tags,
  summary: 'Invite a member',
  description:
    'Creates an invite link for an email and role, valid `expiresInDays` (default 7), and emails the link to the invitee (`mailId`: its message in `GET /api/mail/messages`). The token and link are returned once, in this response and that mail; only the hash is stored (the mail body only until sent). 409 CONFLICT when the email is already an active member. The invite stops working if its inviter is no longer an active admin. Recorded in the audit log (`invite.create`).',
  request: { body: jsonBody(createInviteInput) },
  responses: { 201: jsonResponse(createdInviteSchema, 'The invite, with its link') },
  errors: ['CONFLICT'],
});

const revokeInviteRoute = defineRoute({
  method: 'delete',
  path: '/invites/{id}',
  tags,
  summary: 'Revoke an invite',
  description:
    'Its link stops working at once; 404 when the invite is unknown, accepted or already revoked. Recorded in the audit log (`invite.revoke`).',
  request: { params: inviteIdParam },
  responses: { 204: { description: 'Revoked' } },
  errors: ['NOT_FOUND'],
});

const updateMemberRoute = defineRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Change a member',
  description:
    'Changes the role and/or active flag; 409 LAST_ADMIN when it would leave no active admin. What the member no longer may keep is revoked with it: a deactivated member loses sessions, trusted browsers, API tokens and pending invites; a demoted one the tokens above the new role and, unless still admin, the pending invites. Recorded in the audit log (`member.role`, `member.activate`/`member.deactivate`, and each revocation).',
  request: { params: memberIdParam, body: jsonBody(updateMemberInput) },
  responses: { 200: jsonResponse(memberItemSchema, 'The member as now stored') },
  errors: ['NOT_FOUND', 'LAST_ADMIN'],
});

/**
 * Takes from a changed member what their new standing no longer allows, so nothing they made outlives
 * their rights: a deactivated member loses sessions, trusted browsers, API tokens and pending invites; a
 * demoted one the tokens above their new role and, unless still admin, their pending invites. Every
 * revocation is audited under `actor`. (Token use checks the creator too: see worker/auth/api-tokens-store.ts.)
 */
async function revokeWhatMemberLost(db: Db, member: MemberRow, actor: string, now: number): Promise<void> {
  if (!member.active) {
    await deleteMemberSessions(db, member.id);
    await deleteMemberDevices(db, member.id);
  }
  const standing = member.active ? `is ${member.role} now` : 'deactivated';
  await revokeMemberTokens(db, {
    memberId: member.id,
    creator: member.email,
    keepUpTo: member.active ? member.role : null,
    actor,
    reason: `creator ${standing}`,
    now,
  });
  if (!member.active || member.role !== 'admin') {
    await revokeMemberInvites(db, {
      memberId: member.id,
      actor,
      reason: `inviter ${standing}`,
      now,
    });
  }
}

/** Members and their invites. Reads need viewer (invites admin), changes admin (worker/auth/roles.ts). */
export const memberRoutes = createRouter()
  .openapi(listMembersRoute, async (c) =>
    c.json({ items: (await listMembers(getDb(c.env.DB))).map(toMemberItem) }, 200),
  )
  .openapi(listInvitesRoute, async (c) =>
    c.json({ items: (await listPendingInvites(getDb(c.env.DB), Date.now())).map(toInviteItem) }, 200),
  )
  .openapi(createInviteRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { email, role, expiresInDays } = c.req.valid('json');
    if (await activeMemberWithEmail(db, email)) {
      throw new ApiError({ code: 'CONFLICT', message: `${email} is already an active member` });
    }
    const actor = c.get('actor');
    const now = Date.now();
    const token = randomToken(43);
    const invite = await insertInvite(db, {
      tokenHash: await sha256Hex(token),
      email,
      role,
      invitedBy: accountableMemberId(c),
      now,
      expiresAt: now + expiresInDays * DAY_MS,
    });
    const url = `${new URL(c.req.url).origin}/invite/${token}`;
    // The invitee has no language yet: the invite is written in the inviter's (the one their SPA set).
    const inviterId = accountableMemberId(c);
    const locale = mailLocale(inviterId === null ? null : (await getMailPreferences(db, inviterId)).locale);
    // The link goes to the invitee by mail (and to the admin in this response, as before); the outbox
    // keeps the body only until it is sent.
    const [, mailed] = await db.$client.batch([
      statementOf(
        db,
        auditInsert(
          db,
          {
            actor: actor.email,
            action: 'invite.create',
            entity: 'invite',
            entityId: String(invite.id),
            details: { email, role },
          },
          now,
        ),
      ),
      enqueueMail(
        db,
        {
          kind: 'member_invite',
          to: email,
          ...renderInvite({
            locale,
            url,
            role,
            inviter: actor.email,
            expiresOn: new Date(invite.expiresAt).toISOString().slice(0, 10),
          }),
          memberEmail: actor.email,
        },
        now,
      ),
    ]);
    sendSoon(c.env, c.executionCtx);
    return c.json(
      {
        id: invite.id,
        email,
        role,
        expiresAt: new Date(invite.expiresAt).toISOString(),
        token,
        url,
        mailId: (mailed?.results as { id: number }[] | undefined)?.[0]?.id ?? null,
      },
      201,
    );
  })
  .openapi(revokeInviteRoute, async (c) => {
    const db = getDb(c.env.DB);
    const now = Date.now();
    const invite = await revokeInvite(db, c.req.valid('param').id, now);
    if (!invite) throw new ApiError({ code: 'NOT_FOUND', message: 'no such pending invite' });
    await auditInsert(
      db,
      {
        actor: c.get('actor').email,
        action: 'invite.revoke',
        entity: 'invite',
        entityId: String(invite.id),
        details: { email: invite.email },
      },
      now,
    );
    return c.body(null, 204);
  })
  .openapi(updateMemberRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const now = Date.now();
    const before = await getMember(db, id);
    const result = await updateMember(db, id, patch, now);
    if (result === 'not-found' || !before)
      throw new ApiError({ code: 'NOT_FOUND', message: 'no such member' });
    if (result === 'last-admin') {
      throw new ApiError({
        code: 'LAST_ADMIN',
        message: 'keep at least one active admin: promote someone else first',
      });
    }
    const actor = c.get('actor').email;
    const entry = { actor, entity: 'member', entityId: String(id) };
    if (patch.role !== undefined && patch.role !== before.role) {
      await auditInsert(
        db,
        {
          ...entry,
          action: 'member.role',
          details: { email: result.email, from: before.role, to: result.role },
        },
        now,
      );
    }
    if (patch.active !== undefined && patch.active !== before.active) {
      const action = result.active ? 'member.activate' : 'member.deactivate';
      await auditInsert(db, { ...entry, action, details: { email: result.email } }, now);
    }
    await revokeWhatMemberLost(db, result, actor, now);
    return c.json(toMemberItem(result), 200);
  });
