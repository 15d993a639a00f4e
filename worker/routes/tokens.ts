import { Hono } from 'hono';
import { idParam } from '../../shared/contracts/admin';
import { type ApiTokenList, type CreatedApiToken, createTokenInput } from '../../shared/contracts/auth';
import { API_TOKEN_DISPLAY_CHARS, generateApiToken, sha256Hex } from '../auth/tokens';
import { insertApiToken, listApiTokens, revokeApiToken, toApiTokenItem } from '../db/api-tokens';
import { auditInsert } from '../db/audit';
import { getDb } from '../db/client';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { validate } from '../middleware/validate';

const DAY_MS = 86_400_000;

/** API tokens for automation (admin only). The token is returned once, at creation; only its hash is stored. */
export const tokenRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const body: ApiTokenList = { items: (await listApiTokens(getDb(c.env.DB))).map(toApiTokenItem) };
    return c.json(body);
  })
  .post('/', validate('json', createTokenInput), async (c) => {
    const db = getDb(c.env.DB);
    const { name, role, expiresInDays } = c.req.valid('json');
    const actor = c.get('actor');
    const now = Date.now();
    const token = generateApiToken();
    const row = await insertApiToken(db, {
      name,
      role,
      tokenHash: await sha256Hex(token),
      tokenPrefix: token.slice(0, API_TOKEN_DISPLAY_CHARS),
      createdBy: actor.memberId,
      expiresAt: expiresInDays === undefined ? null : now + expiresInDays * DAY_MS,
      now,
    });
    await auditInsert(
      db,
      {
        actor: actor.email,
        action: 'token.create',
        entity: 'token',
        entityId: String(row.id),
        details: { name, role },
      },
      now,
    );
    const body: CreatedApiToken = { id: row.id, name, role, prefix: row.tokenPrefix, token };
    return c.json(body, 201);
  })
  .delete('/:id', validate('param', idParam), async (c) => {
    const db = getDb(c.env.DB);
    const now = Date.now();
    const row = await revokeApiToken(db, c.req.valid('param').id, now);
    if (!row) throw new ApiError({ code: 'NOT_FOUND', message: 'no such token' });
    await auditInsert(
      db,
      {
        actor: c.get('actor').email,
        action: 'token.revoke',
        entity: 'token',
        entityId: String(row.id),
        details: { name: row.name },
      },
      now,
    );
    return c.body(null, 204);
  });
