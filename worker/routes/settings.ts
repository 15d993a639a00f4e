import { Hono } from 'hono';
import { tierSettingsInput } from '../../shared/contracts/settings';
import { getDb } from '../db/client';
import { getTierDisplay, setTierDisplay } from '../db/settings';
import type { AppEnv } from '../env';
import { validate } from '../middleware/validate';

/**
 * Workspace settings shown across the SPA. Tier names and colours: any member reads them (every screen shows
 * tiers); only admins change them (the default role policy for writes).
 */
export const settingsRoutes = new Hono<AppEnv>()
  .get('/tiers', async (c) => c.json({ tiers: await getTierDisplay(getDb(c.env.DB)) }))
  .put('/tiers', validate('json', tierSettingsInput), async (c) => {
    const tiers = await setTierDisplay(
      getDb(c.env.DB),
      c.req.valid('json').tiers,
      { actor: c.get('actor').email },
      Date.now(),
    );
    return c.json({ tiers });
  });
