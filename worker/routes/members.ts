import { Hono } from 'hono';
import { idParam } from '../../shared/contracts/admin';
import {
  type CreatedInvite,
  createInviteInput,
  type InviteList,
  type MemberList,
  updateMemberInput,
} from '../../shared/contracts/auth';
import { randomToken, sha256Hex } from '../auth/tokens';
import { auditInsert } from '../db/audit';
import { getDb } from '../db/client';
import { insertInvite, listPendingInvites, revokeInvite, toInviteItem } from '../db/invites';
import { activeMemberWithEmail, getMember, listMembers, toMemberItem, updateMember } from '../db/members';
import { deleteMemberSessions } from '../db/sessions';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { validate } from '../middleware/validate';

const DAY_MS = 86_400_000;

/** Members and their invites. Reads need viewer (invites admin), changes admin (worker/middleware/roles.ts). */
export const memberRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const body: MemberList = { items: (await listMembers(getDb(c.env.DB))).map(toMemberItem) };
    return c.json(body);
  })
  .get('/invites', async (c) => {
    const body: InviteList = {
      items: (await listPendingInvites(getDb(c.env.DB), Date.now())).map(toInviteItem),
    };
    return c.json(body);
  })
  .post('/invites', validate('json', createInviteInput), async (c) => {
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
      invitedBy: actor.memberId,
      now,
      expiresAt: now + expiresInDays * DAY_MS,
    });
    await auditInsert(
      db,
      {
        actor: actor.email,
        action: 'invite.create',
        entity: 'invite',
        entityId: String(invite.id),
        details: { email, role },
      },
      now,
    );
    const body: CreatedInvite = {
      id: invite.id,
      email,
      role,
      expiresAt: new Date(invite.expiresAt).toISOString(),
      token,
      url: `${new URL(c.req.url).origin}/invite/${token}`,
    };
    return c.json(body, 201);
  })
  .delete('/invites/:id', validate('param', idParam), async (c) => {
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
  .patch('/:id', validate('param', idParam), validate('json', updateMemberInput), async (c) => {
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
    // A deactivated member is signed out everywhere at once.
    if (!result.active) await deleteMemberSessions(db, id);
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
    return c.json(toMemberItem(result));
  });
