import {
  createdSourceSchema,
  createSourceInput,
  sourceIdParam,
  sourceListSchema,
  sourceSchema,
  sourceWriteKeySchema,
} from '../../shared/contracts/ingest';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { findSealedWriteKey, insertSource, listSources, revokeSource } from './sources-store';
import { forgetWriteKeys, generateWriteKey, hashWriteKey } from './write-key';
import { openWriteKey, sealWriteKey } from './write-key-seal';

const tags = ['Sources'];

const createSource = defineRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create a source and its write key',
  description:
    'The write key is returned in this response; it is stored hashed, and sealed so that admins can read it again (`GET /api/sources/{id}/write-key`).',
  request: { body: jsonBody(createSourceInput) },
  responses: { 201: jsonResponse(createdSourceSchema, 'The source, with its write key') },
});

const listSourcesRoute = defineRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'List sources',
  responses: { 200: jsonResponse(sourceListSchema, 'Every source, newest first, revoked ones included') },
});

const revokeSourceRoute = defineRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Revoke a source',
  description: 'Its write key stops working at once (every isolate forgets cached keys within 30 s).',
  request: { params: sourceIdParam },
  responses: { 200: jsonResponse(sourceSchema, 'The revoked source') },
  errors: ['NOT_FOUND'],
});

const writeKeyRoute = defineRoute({
  method: 'get',
  path: '/{id}/write-key',
  tags,
  summary: "A source's write key",
  description:
    'Admins only: the key to paste into a tracking snippet. 404 for an unknown or revoked source; 409 when the key cannot be shown (created before keys were sealed, or the secret that seals them changed): create a new source.',
  request: { params: sourceIdParam },
  responses: { 200: jsonResponse(sourceWriteKeySchema, 'The write key') },
  errors: ['NOT_FOUND', 'CONFLICT'],
});

/** Sources and their write keys. */
export const sourceRoutes = createRouter()
  .openapi(createSource, async (c) => {
    const { name } = c.req.valid('json');
    const writeKey = generateWriteKey();
    const id = crypto.randomUUID();
    const source = await insertSource(
      getDb(c.env.DB),
      {
        id,
        name,
        keyHash: await hashWriteKey(writeKey),
        keyPrefix: writeKey.slice(0, 7),
        keySealed: await sealWriteKey(c.env.SURVEY_SIGNING_KEY, id, writeKey),
        now: Date.now(),
      },
      c.get('actor').email,
    );
    return c.json({ ...source, writeKey }, 201);
  })
  .openapi(listSourcesRoute, async (c) => c.json({ items: await listSources(getDb(c.env.DB)) }, 200))
  .openapi(writeKeyRoute, async (c) => {
    const { id } = c.req.valid('param');
    const row = await findSealedWriteKey(getDb(c.env.DB), id);
    if (!row || row.revokedAt !== null)
      throw new ApiError({ code: 'NOT_FOUND', message: 'no such active source' });
    const writeKey = await openWriteKey(c.env.SURVEY_SIGNING_KEY, id, row.keySealed);
    if (!writeKey) {
      throw new ApiError({
        code: 'CONFLICT',
        message: 'this write key was not kept and cannot be shown again; create a new source for a new key',
      });
    }
    return c.json({ id, writeKey }, 200);
  })
  .openapi(revokeSourceRoute, async (c) => {
    const source = await revokeSource(
      getDb(c.env.DB),
      c.req.valid('param').id,
      c.get('actor').email,
      Date.now(),
    );
    if (!source) throw new ApiError({ code: 'NOT_FOUND', message: 'no such source' });
    forgetWriteKeys();
    return c.json(source, 200);
  });
