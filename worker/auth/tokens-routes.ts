import {
  apiTokenIdParam,
  apiTokenListSchema,
  createdApiTokenSchema,
  createTokenInput,
} from '../../shared/contracts/auth';
import { auditInsert } from '../audit/store';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { insertApiToken, listApiTokens, revokeApiToken, toApiTokenItem } from './api-tokens-store';
import { accountableMemberId } from './authenticate';
import { API_TOKEN_DISPLAY_CHARS, generateApiToken, sha256Hex } from './tokens';

const DAY_MS = 86_400_000;

const tags = ['API tokens'];

const listTokensRoute = defineRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'List API tokens',
  description:
    'Every token not revoked, newest first, expired ones included (so admins see why automation stopped): each with its prefix and the member it acts for, never the token itself.',
  responses: { 200: jsonResponse(apiTokenListSchema, 'The tokens not revoked, newest first') },
});

const createTokenRoute = defineRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create an API token',
  description:
    'A bearer token (`kw_at_…`) with a role, acting for the calling member: it stops when that member is deactivated or loses the role. Expires after `expiresInDays`, or never. The token is returned once, in this response; only its hash is stored. Recorded in the audit log (`token.create`).',
  request: { body: jsonBody(createTokenInput) },
  responses: { 201: jsonResponse(createdApiTokenSchema, 'The token, shown only this once') },
});

const revokeTokenRoute = defineRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Revoke an API token',
  description:
    'It stops working at once; 404 when the token is unknown or already revoked. Recorded in the audit log (`token.revoke`).',
  request: { params: apiTokenIdParam },
  responses: { 204: { description: 'Revoked' } },
  errors: ['NOT_FOUND'],
});

/** API tokens for automation (admin only). The token is returned once, at creation; only its hash is stored. */
export const tokenRoutes = createRouter()
  .openapi(listTokensRoute, async (c) => {
    const rows = await listApiTokens(getDb(c.env.DB));
    return c.json({ items: rows.map((r) => toApiTokenItem(r.token, r.creator)) }, 200);
  })
  .openapi(createTokenRoute, async (c) => {
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
      createdBy: accountableMemberId(c),
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
    return c.json({ id: row.id, name, role, prefix: row.tokenPrefix, token }, 201);
  })
  .openapi(revokeTokenRoute, async (c) => {
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
