import type { Context } from 'hono';
import { z } from 'zod';
import {
  advocaciesInput,
  contractsInput,
  csCostSchema,
  csCostsInput,
  leadsInput,
  ticketsInput,
  upsertResultSchema,
} from '../../shared/contracts/revenue';
import { accountIdsOf } from '../accounts/health-store';
import { getDb } from '../common/db';
import type { AppEnv } from '../common/env';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { accountRefs, buildRows, type RecordKind } from './records';
import { listCsCosts } from './revenue-store';
import { getRevenueSettings } from './settings-store';
import { upsertRecords } from './upsert-store';

const tags = ['Revenue'];

const UPSERT_DESCRIPTION =
  'One record or a list of up to 1,000, upserted by `externalId`: sending the same records again changes nothing (`unchanged`). Every record is checked before anything is written: zod problems, unknown accounts, an amount in a currency without a conversion rate, a renewal reason not in the configured list, or an `externalId` twice in one request make a 400 listing every problem with its record `index` (path `[index, field]`), and nothing is written. Amounts are converted to the reporting currency at the rate in force (`GET /api/settings/revenue`).';

function upsertRoute<T extends z.ZodType>(path: string, summary: string, body: T, audited: string) {
  return defineRoute({
    method: 'post',
    path,
    tags,
    summary,
    description: `${UPSERT_DESCRIPTION} Recorded in the audit log (\`${audited}\`).`,
    request: { body: jsonBody(body) },
    responses: { 200: jsonResponse(upsertResultSchema, 'What was created, updated and left unchanged') },
  });
}

/**
 * Checks and upserts records of one kind, all or nothing.
 * @example return c.json(await upsertFromRequest(c, 'tickets', c.req.valid('json')), 200)
 */
export async function upsertFromBody(
  c: Context<AppEnv>,
  kind: RecordKind,
  body: object | readonly object[],
  action: string,
) {
  const many = Array.isArray(body);
  const inputs = (many ? body : [body]) as never[];
  const db = getDb(c.env.DB);
  const [accountIds, settings] = await Promise.all([
    accountIdsOf(db, accountRefs(inputs)),
    getRevenueSettings(db),
  ]);
  const { rows, issues } = buildRows(kind, inputs, { accountIds, settings });
  if (issues.length > 0)
    throw new ApiError({
      code: 'VALIDATION_FAILED',
      message: `${new Set(issues.map((i) => i.index)).size} of ${inputs.length} records have problems; nothing was written`,
      issues: issues.map((i) => ({
        ...(many ? { index: i.index } : {}),
        path: many ? [String(i.index), i.field] : [i.field],
        message: i.message,
      })),
    });
  return upsertRecords(db, kind, rows, { actor: c.get('actor').email, action }, Date.now());
}

const postContracts = upsertRoute('/contracts', 'Record contracts', contractsInput, 'contract.upsert');
const postTickets = upsertRoute('/tickets', 'Record support tickets', ticketsInput, 'ticket.upsert');
const postCosts = upsertRoute('/cs-costs', 'Record CS costs', csCostsInput, 'cs_cost.upsert');
const postLeads = upsertRoute('/leads', 'Record CS-qualified leads (CSQL)', leadsInput, 'lead.upsert');
const postAdvocacy = upsertRoute('/advocacy', 'Record advocacy (CSQA)', advocaciesInput, 'advocacy.upsert');

const listCosts = defineRoute({
  method: 'get',
  path: '/cs-costs',
  tags,
  summary: 'List CS costs',
  description: 'Every recorded CS cost, newest period first.',
  responses: { 200: jsonResponse(z.object({ items: z.array(csCostSchema) }), 'The costs') },
});

/**
 * Commercial records, mounted at `/api`: contracts and tickets and costs are admin writes (finance and
 * support systems sync them); CSMs record their own leads and advocacy (worker/auth/roles.ts).
 */
export const revenueRoutes = createRouter()
  .openapi(postContracts, async (c) =>
    c.json(await upsertFromBody(c, 'contracts', c.req.valid('json'), 'contract.upsert'), 200),
  )
  .openapi(postTickets, async (c) =>
    c.json(await upsertFromBody(c, 'tickets', c.req.valid('json'), 'ticket.upsert'), 200),
  )
  .openapi(postCosts, async (c) =>
    c.json(await upsertFromBody(c, 'csCosts', c.req.valid('json'), 'cs_cost.upsert'), 200),
  )
  .openapi(postLeads, async (c) =>
    c.json(await upsertFromBody(c, 'leads', c.req.valid('json'), 'lead.upsert'), 200),
  )
  .openapi(postAdvocacy, async (c) =>
    c.json(await upsertFromBody(c, 'advocacy', c.req.valid('json'), 'advocacy.upsert'), 200),
  )
  .openapi(listCosts, async (c) => c.json({ items: await listCsCosts(getDb(c.env.DB)) }, 200));
