import { z } from 'zod';
import {
  expansionCandidatesSchema,
  metricsQuery,
  revenueMetricsSchema,
} from '../../shared/contracts/revenue';
import {
  attribution,
  expansionCandidates,
  revenueMetricsOfTotals,
  supportFromTotals,
  termValueMinor,
} from '../../shared/revenue';
import { utcDay } from '../../shared/time';
import { resolveOwner } from '../accounts/context';
import { getDb } from '../common/db';
import { createRouter, defineRoute, jsonResponse } from '../common/openapi';
import { healthyAccounts } from './expansion-store';
import { loadMetricsTotals } from './metrics-store';
import { getRevenueSettings } from './settings-store';

const tags = ['Revenue'];
/** Renewal window (days before the due date) whose first day's tier `byTier` groups renewals by. */
const RENEWAL_WINDOW_DAYS = 90;

const getMetrics = defineRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Revenue and customer-success metrics of a period',
  description:
    "Logo churn (the articles' rule: churned ÷ accounts active at the start, new accounts not in the base but counted when lost in the period), unrenewed ÷ due, renewal rate by count and amount, GRR/NRR, MRR and its movement, ARPA, CLTV both ways, repurchase and upsell rates, retention cost, first-contact resolution and median first response, CS attribution (wins and saves counted as the dashboard counts them, with the ARR they later renewed and the expansion that followed; CSQLs, CSQAs, referral ARR, opted-out ARR retained, premium-CSM and consulting revenue), renewal rate by the tier held at the start of each renewal window (90 days before it is due), and churned/renewed ARR by reason. Rates are fractions 0..1 (NRR may exceed 1), `null` when the denominator is zero; money is reporting-currency minor units. `segment` and `tier` select accounts by their latest snapshot on or before `to`; `owner` by CSM email (`me`: the caller). CSMs and admins only.",
  request: { query: metricsQuery },
  responses: { 200: jsonResponse(revenueMetricsSchema, 'The metrics of the period') },
});

const getCandidates = defineRoute({
  method: 'get',
  path: '/expansion-candidates',
  tags,
  summary: 'Healthy accounts with room to buy more',
  description:
    "Accounts whose latest tier is green or green-yellow and whose distinct active users of the last 30 days reach 90 % of their seats, or that used modules (features' `module`) not in their `modules` trait, largest ARR first (at most 200). ARR is that of the contracts in force today, else the `arr` trait.",
  request: {
    query: z
      .object({
        segment: z.string().min(1).max(128).optional(),
        owner: z.string().trim().min(1).max(320).optional(),
      })
      .strict(),
  },
  responses: { 200: jsonResponse(expansionCandidatesSchema, 'The candidates') },
});

/** `/api/metrics` (csm and admin; worker/auth/roles.ts). */
export const revenueMetricsRoutes = createRouter()
  .openapi(getMetrics, async (c) => {
    const db = getDb(c.env.DB);
    const q = c.req.valid('query');
    const scope = { ...q, owner: resolveOwner(c, q.owner) };
    const [load, settings] = await Promise.all([
      loadMetricsTotals(db, scope, RENEWAL_WINDOW_DAYS),
      getRevenueSettings(db),
    ]);
    const { shapes, ...purchases } = load.purchases;
    const metrics = revenueMetricsOfTotals({
      from: q.from,
      to: q.to,
      customers: load.customers,
      movement: load.movement,
      payingAtEnd: load.payingAtEnd,
      renewals: load.renewals,
      purchases: { ...purchases, valueMinor: shapes.reduce((sum, s) => sum + termValueMinor(s), 0) },
      support: supportFromTotals(load.ticketTotals),
      costs: load.costs,
      attribution: attribution({
        from: q.from,
        to: q.to,
        contracts: load.attributionContracts,
        transitions: load.transitions,
        leads: load.leads,
        advocacy: load.advocacy,
        services: load.services,
      }),
      grossMarginRate: settings.grossMarginRate,
    });
    return c.json({ ...metrics, reportingCurrency: settings.reportingCurrency }, 200);
  })
  .openapi(getCandidates, async (c) => {
    const q = c.req.valid('query');
    const rows = await healthyAccounts(getDb(c.env.DB), {
      today: utcDay(Date.now()),
      tiers: ['green', 'green-yellow'],
      segment: q.segment,
      owner: resolveOwner(c, q.owner),
    });
    return c.json({ items: expansionCandidates(rows).slice(0, 200) }, 200);
  });
