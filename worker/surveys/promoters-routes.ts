import { promotersQuery, referralCandidateListSchema } from '../../shared/contracts/surveys';
import { getDb } from '../common/db';
import { createRouter, defineRoute, jsonResponse } from '../common/openapi';
import { referralCandidates } from './promoters-store';

const DAY_MS = 86_400_000;

const listPromoters = defineRoute({
  method: 'get',
  path: '/promoters',
  tags: ['Surveys'],
  summary: 'List referral candidates',
  description:
    'Accounts with an NPS promoter answer (9–10) in the last `days` days (default 90) and no advocacy record yet, each with its latest such answer, newest first: candidates to ask for a referral, case study or review. Promoters raise no alert by default; this is their work list.',
  request: { query: promotersQuery },
  responses: { 200: jsonResponse(referralCandidateListSchema, 'Referral candidates, newest answer first') },
  errors: ['VALIDATION_FAILED'],
});

/** `GET /api/surveys/promoters`; mounted before the survey routes so `promoters` is never read as an id. */
export const promoterRoutes = createRouter().openapi(listPromoters, async (c) => {
  const { days, limit } = c.req.valid('query');
  const items = await referralCandidates(getDb(c.env.DB), { sinceMs: Date.now() - days * DAY_MS, limit });
  return c.json({ items }, 200);
});
