import { Hono } from 'hono';
import { z } from 'zod';
import { listAudit } from '../db/audit';
import { getDb } from '../db/client';
import type { AppEnv } from '../env';
import { validate } from '../middleware/validate';

const auditQuery = z.object({
  entity: z.enum(['model', 'segments', 'account', 'alert', 'member', 'invite', 'token', 'survey']).optional(),
  entityId: z.string().min(1).max(256).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Who changed models, segments, overrides and ratings, newest first. */
export const auditRoutes = new Hono<AppEnv>().get('/', validate('query', auditQuery), async (c) =>
  c.json({ items: await listAudit(getDb(c.env.DB), c.req.valid('query')) }),
);
