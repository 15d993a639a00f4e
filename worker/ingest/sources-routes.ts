import {
  createdSourceSchema,
  createSourceInput,
  sourceIdParam,
  sourceListSchema,
  sourceSchema,
} from '../../shared/contracts/ingest';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { insertSource, listSources, revokeSource } from './sources-store';
import { forgetWriteKeys, generateWriteKey, hashWriteKey } from './write-key';

const tags = ['Sources'];

const createSource = defineRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create a source and its write key',
  description: 'The write key is returned once, in this response; only its hash is stored.',
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

/** Sources and their write keys. */
export const sourceRoutes = createRouter()
  .openapi(createSource, async (c) => {
    const { name } = c.req.valid('json');
    const writeKey = generateWriteKey();
    const source = await insertSource(
      getDb(c.env.DB),
      {
        id: crypto.randomUUID(),
        name,
        keyHash: await hashWriteKey(writeKey),
        keyPrefix: writeKey.slice(0, 7),
        now: Date.now(),
      },
      c.get('actor').email,
    );
    return c.json({ ...source, writeKey }, 201);
  })
  .openapi(listSourcesRoute, async (c) => c.json({ items: await listSources(getDb(c.env.DB)) }, 200))
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
