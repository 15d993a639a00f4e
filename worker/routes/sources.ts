import { Hono } from 'hono';
import { z } from 'zod';
import { createSourceInput } from '../../shared/contracts/admin';
import { getDb } from '../db/client';
import { insertSource, listSources, revokeSource } from '../db/sources';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { forgetWriteKeys, generateWriteKey, hashWriteKey } from '../ingest/write-key';
import { validate } from '../middleware/validate';

/** Sources and their write keys. The key is returned once, at creation; only its hash is stored. */
export const sourceRoutes = new Hono<AppEnv>()
  .post('/', validate('json', createSourceInput), async (c) => {
    const { name } = c.req.valid('json');
    const writeKey = generateWriteKey();
    const source = await insertSource(getDb(c.env.DB), {
      id: crypto.randomUUID(),
      name,
      keyHash: await hashWriteKey(writeKey),
      keyPrefix: writeKey.slice(0, 7),
      now: Date.now(),
    });
    return c.json({ ...source, writeKey }, 201);
  })
  .get('/', async (c) => c.json({ items: await listSources(getDb(c.env.DB)) }))
  .delete('/:id', validate('param', z.object({ id: z.string().uuid() })), async (c) => {
    const source = await revokeSource(getDb(c.env.DB), c.req.valid('param').id, Date.now());
    if (!source) throw new ApiError({ code: 'NOT_FOUND', message: 'no such source' });
    forgetWriteKeys();
    return c.json(source);
  });
