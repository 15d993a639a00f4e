import { Hono } from 'hono';
import { idParam, updateFeatureInput } from '../../shared/contracts/admin';
import { getDb } from '../db/client';
import { listFeatures, updateFeature } from '../db/features';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { validate } from '../middleware/validate';

/** The feature catalog: auto-registered from events; module and core flag are the admin's to edit. */
export const featureRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ items: await listFeatures(getDb(c.env.DB)) }))
  .patch('/:id', validate('param', idParam), validate('json', updateFeatureInput), async (c) => {
    const feature = await updateFeature(getDb(c.env.DB), c.req.valid('param').id, c.req.valid('json'));
    if (!feature) throw new ApiError({ code: 'NOT_FOUND', message: 'no such feature' });
    return c.json(feature);
  });
