import {
  tierSettingsInput,
  tierSettingsSchema,
  transitionSettingsInput,
  transitionSettingsSchema,
} from '../../shared/contracts/settings';
import { getDb } from '../common/db';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { getTierDisplay, getTransitionSettings, setTierDisplay, setTransitionSettings } from './store';

const tags = ['Settings'];

const getTiers = defineRoute({
  method: 'get',
  path: '/tiers',
  tags,
  summary: 'Get tier names and colours',
  description: 'Every known tier, best first: the name and colour an admin chose, else the default.',
  responses: { 200: jsonResponse(tierSettingsSchema, 'Every known tier, best first') },
});

const putTiers = defineRoute({
  method: 'put',
  path: '/tiers',
  tags,
  summary: 'Set tier names and colours',
  description:
    'Sets the name and colour of the tiers given; tiers left out keep theirs. Recorded in the audit log (`settings.tiers`).',
  request: { body: jsonBody(tierSettingsInput) },
  responses: { 200: jsonResponse(tierSettingsSchema, 'Every known tier as now stored, best first') },
});

const getTransitions = defineRoute({
  method: 'get',
  path: '/transitions',
  tags,
  summary: 'Get how wins and saves are counted',
  description:
    'The hysteresis: a tier change undone within `hysteresisDays` days is a bounce and counts as no win or save.',
  responses: { 200: jsonResponse(transitionSettingsSchema, 'The setting in force') },
});

const putTransitions = defineRoute({
  method: 'put',
  path: '/transitions',
  tags,
  summary: 'Set how wins and saves are counted',
  description:
    'Sets the hysteresis in days (an integer 0..90). Recorded in the audit log (`settings.transitions`, with the value before and after).',
  request: { body: jsonBody(transitionSettingsInput) },
  responses: { 200: jsonResponse(transitionSettingsSchema, 'The setting as now stored') },
});

/**
 * Workspace settings shown across the SPA. Tier names and colours: any member reads them (every screen shows
 * tiers); only admins change them (the default role policy for writes).
 */
export const settingsRoutes = createRouter()
  .openapi(getTiers, async (c) => c.json({ tiers: await getTierDisplay(getDb(c.env.DB)) }, 200))
  .openapi(putTiers, async (c) => {
    const tiers = await setTierDisplay(
      getDb(c.env.DB),
      c.req.valid('json').tiers,
      { actor: c.get('actor').email },
      Date.now(),
    );
    return c.json({ tiers }, 200);
  })
  .openapi(getTransitions, async (c) => c.json(await getTransitionSettings(getDb(c.env.DB)), 200))
  .openapi(putTransitions, async (c) => {
    const stored = await setTransitionSettings(
      getDb(c.env.DB),
      c.req.valid('json'),
      { actor: c.get('actor').email },
      Date.now(),
    );
    return c.json(stored, 200);
  });
