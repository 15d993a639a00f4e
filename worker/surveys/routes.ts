import type { Context } from 'hono';
import { z } from 'zod';
import { redactWebhookUrl } from '../../shared/alerts';
import {
  accountResultsQuery,
  createLinksInput,
  createLinksQuery,
  createLinksResultSchema,
  createSurveyInput,
  listLinksQuery,
  listResponsesQuery,
  MAX_LINKS_PER_REQUEST,
  type SurveyAccountResults,
  type SurveyResponseDto,
  type SurveySummaryDto,
  summaryQuery,
  surveyAccountResultsSchema,
  surveyIdParam,
  surveyLinkPageSchema,
  surveyListSchema,
  surveyResponsePageSchema,
  surveySchema,
  surveySummarySchema,
  updateSurveyInput,
} from '../../shared/contracts/surveys';
import { resultsByAccount, SCORE_GROUPS, summarizeSurvey } from '../../shared/surveys';
import { utcDay } from '../../shared/time';
import { auditInsert } from '../audit/store';
import { type Db, getDb } from '../common/db';
import type { AppEnv } from '../common/env';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { readCappedBody } from '../common/read-body';
import { newSurveyValues, surveyPatch } from './config';
import { parseContactsCsv, toCsv } from './csv';
import { loadFollowUps } from './follow-ups';
import { createLinks, linkTargets, signingKey, signLinks } from './links';
import { peopleTargets } from './people';
import {
  accountAnswers,
  accountNames,
  getSurvey,
  insertSurvey,
  listLinks,
  listResponses,
  listSurveys,
  type ResponseFilters,
  type SurveyRow,
  segmentAccounts,
  segmentExists,
  summaryData,
  surveyStats,
  toSurveyDto,
  updateSurvey,
} from './store';

const DAY_MS = 86_400_000;
/** Rows in one CSV export. */
const CSV_MAX_ROWS = 50_000;
/** Largest `text/csv` body of a links request, bytes. */
const MAX_CSV_BYTES = 2_000_000;

const tags = ['Surveys'];
const csvContent = (description: string) => ({
  description,
  content: { 'text/csv': { schema: z.string() } },
});

const listSurveysRoute = defineRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'List surveys',
  description: 'Every survey, newest first, with its all-time links sent and answers.',
  responses: { 200: jsonResponse(surveyListSchema, 'Every survey, newest first') },
});

const createSurveyRoute = defineRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create a survey',
  description:
    "Creates an NPS, CSAT or CES survey: the type's default texts (English and Simplified Chinese) merged with `questions`, and the survey alert rules if missing. A `recurrence.segment` must exist (else 400); `webhookUrl` must pass the webhook URL rules (else 400 WEBHOOK_URL_REFUSED). Recorded in the audit log (`create` on `survey`, the webhook URL reduced to its scheme and host).",
  request: { body: jsonBody(createSurveyInput) },
  responses: { 201: jsonResponse(surveySchema, 'The survey as stored') },
  errors: ['VALIDATION_FAILED', 'WEBHOOK_URL_REFUSED'],
});

const getSurveyRoute = defineRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'Get a survey',
  request: { params: surveyIdParam },
  responses: { 200: jsonResponse(surveySchema, 'The survey, with its all-time counts') },
  errors: ['NOT_FOUND'],
});

const updateSurveyRoute = defineRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Change a survey',
  description:
    'Changes the fields given (type and scale are fixed once created); texts merge over the stored ones and the default locale must keep its texts. Deactivating a survey makes its links answer TOKEN_EXPIRED. Recorded in the audit log (`update` on `survey`, the webhook URL reduced to its scheme and host).',
  request: { params: surveyIdParam, body: jsonBody(updateSurveyInput) },
  responses: { 200: jsonResponse(surveySchema, 'The survey as now stored') },
  errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'WEBHOOK_URL_REFUSED'],
});

const createLinksRoute = defineRoute({
  method: 'post',
  path: '/{id}/links',
  tags,
  summary: 'Create survey links',
  description: `Creates signed links to the public survey page for accounts (account-level links), contacts, the accounts of a segment, CSV rows and \`people\` (personal links to the contacts of accounts: by contact ids, or by roles, accounts and segment; deactivated people and people without an email are skipped), at most ${MAX_LINKS_PER_REQUEST.toLocaleString('en')} per request. The body is JSON, or a \`text/csv\` file of contacts (at most 2 MB, cut off while streaming; \`expiresInDays\` then in the query). Contacts asked within the survey's quiet period and unknown accounts are skipped and reported. 409 for an inactive survey; 503 without the SURVEY_SIGNING_KEY secret. Recorded in the audit log (\`links\` on \`survey\`, with the counts).`,
  request: {
    params: surveyIdParam,
    query: createLinksQuery,
    // Not `required`: a required JSON body would refuse the text/csv alternative before the handler.
    body: {
      description: 'The targets as JSON, or a CSV of contacts with a header row',
      content: {
        'application/json': { schema: createLinksInput },
        'text/csv': {
          schema: z.string().meta({
            example: 'email,accountExternalId,name,locale\nana@example.com,acme,Ana,zh-CN\n',
          }),
        },
      },
    },
  },
  responses: { 201: jsonResponse(createLinksResultSchema, 'The links created and the targets skipped') },
  errors: ['NOT_FOUND', 'CONFLICT', 'VALIDATION_FAILED', 'REQUEST_TOO_LARGE', 'SERVICE_UNAVAILABLE'],
});

const listLinksRoute = defineRoute({
  method: 'get',
  path: '/{id}/links',
  tags,
  summary: 'List survey links',
  description: 'The links, newest first (100 a page by default, at most 1,000), with their signed URLs.',
  request: { params: surveyIdParam, query: listLinksQuery },
  responses: { 200: jsonResponse(surveyLinkPageSchema, 'One page of links, newest first') },
  errors: ['NOT_FOUND', 'SERVICE_UNAVAILABLE'],
});

const linksCsvRoute = defineRoute({
  method: 'get',
  path: '/{id}/links.csv',
  tags,
  summary: 'Export survey links as CSV',
  description: `The newest ${CSV_MAX_ROWS.toLocaleString('en')} links with their signed URLs, for your own mail tool (a download: Content-Disposition attachment).`,
  request: { params: surveyIdParam },
  responses: {
    200: csvContent(
      'Columns email, name, locale, accountExternalId, url, expiresAt, createdAt, answeredAt, unsubscribedAt (set when the contact unsubscribed from survey mail: do not mail them)',
    ),
  },
  errors: ['NOT_FOUND', 'SERVICE_UNAVAILABLE'],
});

const listResponsesRoute = defineRoute({
  method: 'get',
  path: '/{id}/responses',
  tags,
  summary: 'List survey answers',
  description:
    "The answers, newest first (50 a page by default, at most 200), filtered by group, segment and time, each with its `followUps`: the enabled survey alert rules of its score group with their playbooks, as the rules are now. A `group` that is not one of the survey's type is 400.",
  request: { params: surveyIdParam, query: listResponsesQuery },
  responses: { 200: jsonResponse(surveyResponsePageSchema, 'One page of answers, newest first') },
  errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
});

const responsesCsvRoute = defineRoute({
  method: 'get',
  path: '/{id}/responses.csv',
  tags,
  summary: 'Export survey answers as CSV',
  description: `The answers under the filters (\`limit\` and \`cursor\` ignored), newest first, at most ${CSV_MAX_ROWS.toLocaleString('en')} rows (a download: Content-Disposition attachment).`,
  request: { params: surveyIdParam, query: listResponsesQuery },
  responses: {
    200: csvContent(
      'Columns respondedAt, accountExternalId, accountName, email, name, score, group, comment, locale',
    ),
  },
  errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
});

const summaryRoute = defineRoute({
  method: 'get',
  path: '/{id}/summary',
  tags,
  summary: 'Summarise survey results',
  description:
    'Over the last `days` days: the headline number (NPS, CSAT or CES; each contact counted once, with the latest answer), the response rate of the links created in the window, answers per group and per scale point, and the monthly trend.',
  request: { params: surveyIdParam, query: summaryQuery },
  responses: { 200: jsonResponse(surveySummarySchema, 'The results over the window') },
  errors: ['NOT_FOUND'],
});

const accountResultsRoute = defineRoute({
  method: 'get',
  path: '/{id}/accounts',
  tags,
  summary: 'Survey results per account',
  description:
    "Over the last `days` days, per account with answers: its respondents (a person asked by personal links counted once, with their latest answer; each account-level link's answer on its own), the type's headline over them (NPS = % promoters − % detractors, as the health model's NPS measure counts) and the respondents per group; the least satisfied accounts first, at most `limit`.",
  request: { params: surveyIdParam, query: accountResultsQuery },
  responses: { 200: jsonResponse(surveyAccountResultsSchema, 'The accounts with answers, worst first') },
  errors: ['NOT_FOUND'],
});

type Ctx = Context<AppEnv>;

async function requireSurvey(db: Db, id: number): Promise<SurveyRow> {
  const survey = await getSurvey(db, id);
  if (!survey) throw new ApiError({ code: 'NOT_FOUND', message: `no survey ${id}` });
  return survey;
}

const isAdmin = (c: Ctx) => c.get('actor').role === 'admin';

async function surveyDto(c: Ctx, db: Db, row: SurveyRow) {
  return toSurveyDto(row, (await surveyStats(db, [row.id])).get(row.id)!, isAdmin(c));
}

/** What the audit log keeps of a survey change: the webhook URL may embed a secret, so only its scheme and host. */
const auditDetails = <T extends { webhookUrl?: string | null }>(input: T) =>
  input.webhookUrl ? { ...input, webhookUrl: redactWebhookUrl(input.webhookUrl) } : input;

async function requireSegment(db: Db, segment: string | null | undefined) {
  if (segment && !(await segmentExists(db, segment)))
    throw new ApiError({ code: 'VALIDATION_FAILED', message: `no segment "${segment}"` });
}

const csvResponse = (c: Ctx, csv: string, name: string) =>
  c.body(csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}-${utcDay(Date.now())}.csv"`,
  });

/** `createLinksInput` applied by hand (a CSV body, or no body), failing as the validation hook does. */
function parseLinksInput(value: unknown) {
  const parsed = createLinksInput.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ApiError({
    code: 'VALIDATION_FAILED',
    message: 'invalid links request',
    issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message })),
  });
}

/**
 * The links request: JSON (validated by the route), a raw `text/csv` file of contacts, or no body at all
 * (validated as `{}`); any other type was refused with 415 before the handler.
 */
async function linksBody(
  c: Ctx,
  // Typed with the text/csv alternative's string; Hono only puts validated JSON (or {}) there.
  json: z.infer<typeof createLinksInput> | string,
  days: string | undefined,
) {
  const type = c.req.header('Content-Type') ?? '';
  if (/^text\/csv\b/i.test(type)) {
    // Capped while streaming: a chunked body declares no length, and must not be read whole first.
    const text = new TextDecoder().decode(await readCappedBody(c.req.raw, MAX_CSV_BYTES));
    return parseLinksInput({ csv: text, ...(days ? { expiresInDays: Number(days) } : {}) });
  }
  return type && typeof json === 'object' ? json : parseLinksInput({});
}

/**
 * Every target of a links request: accounts, segment accounts, JSON contacts, CSV rows and people, with the
 * people that cannot be asked (unknown, deactivated, no email) as skipped.
 */
async function requestTargets(db: Db, body: z.infer<typeof createLinksInput>) {
  const people = body.people ? await peopleTargets(db, body.people) : { targets: [], skipped: [] };
  const accounts = [...(body.accounts ?? [])];
  if (body.segment) {
    await requireSegment(db, body.segment);
    const members = await segmentAccounts(db, body.segment, MAX_LINKS_PER_REQUEST + 1);
    accounts.push(...members.map((a) => a.externalId));
  }
  const single = body.accounts?.length === 1 ? body.accounts[0] : undefined;
  const contacts = [...(body.contacts ?? []), ...(body.csv ? parseContactsCsv(body.csv) : [])].map(
    (ct, i) => {
      const accountExternalId = ct.accountExternalId ?? single;
      if (!accountExternalId) {
        throw new ApiError({
          code: 'VALIDATION_FAILED',
          message: `contact ${ct.email} names no account: give accountExternalId, or list exactly one account`,
          issues: [
            { path: ['contacts', String(i), 'accountExternalId'], code: 'custom', message: 'required' },
          ],
        });
      }
      return { ...ct, accountExternalId };
    },
  );
  return {
    targets: [...linkTargets(accounts, contacts), ...people.targets],
    skipped: people.skipped,
  };
}

function responseFilters(survey: SurveyRow, q: z.infer<typeof listResponsesQuery>): ResponseFilters {
  if (q.group && !(SCORE_GROUPS[survey.type] as readonly string[]).includes(q.group)) {
    throw new ApiError({
      code: 'VALIDATION_FAILED',
      message: `group must be one of ${SCORE_GROUPS[survey.type].join(', ')} for a ${survey.type} survey`,
    });
  }
  // A bare day as `to` means through the end of that day.
  const toMs = (s: string) => (s.length === 10 ? Date.parse(`${s}T00:00:00Z`) + DAY_MS : Date.parse(s));
  const fromMs = (s: string) => Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
  return {
    group: q.group,
    segment: q.segment,
    fromMs: q.from ? fromMs(q.from) : undefined,
    toMs: q.to ? toMs(q.to) : undefined,
    beforeId: q.cursor,
    limit: q.limit,
  };
}

/**
 * Surveys: create and configure (admin), generate and export links, read answers and summaries (viewer).
 * Contracts in shared/contracts/surveys.ts.
 */
export const surveyRoutes = createRouter()
  .openapi(listSurveysRoute, async (c) =>
    c.json({ items: await listSurveys(getDb(c.env.DB), isAdmin(c)) }, 200),
  )
  .openapi(createSurveyRoute, async (c) => {
    const db = getDb(c.env.DB);
    const now = Date.now();
    const input = c.req.valid('json');
    await requireSegment(db, input.recurrence?.segment);
    const row = await insertSurvey(db, newSurveyValues(input, new URL(c.req.url).origin, now));
    await auditInsert(
      db,
      {
        actor: c.get('actor').email,
        action: 'create',
        entity: 'survey',
        entityId: String(row.id),
        details: auditDetails(input),
      },
      now,
    );
    return c.json(await surveyDto(c, db, row), 201);
  })
  .openapi(getSurveyRoute, async (c) => {
    const db = getDb(c.env.DB);
    return c.json(await surveyDto(c, db, await requireSurvey(db, c.req.valid('param').id)), 200);
  })
  .openapi(updateSurveyRoute, async (c) => {
    const db = getDb(c.env.DB);
    const now = Date.now();
    const survey = await requireSurvey(db, c.req.valid('param').id);
    const input = c.req.valid('json');
    await requireSegment(db, input.recurrence?.segment);
    const row = await updateSurvey(db, survey.id, surveyPatch(survey, input, now), now);
    await auditInsert(
      db,
      {
        actor: c.get('actor').email,
        action: 'update',
        entity: 'survey',
        entityId: String(survey.id),
        details: auditDetails(input),
      },
      now,
    );
    return c.json(await surveyDto(c, db, row!), 200);
  })
  .openapi(createLinksRoute, async (c) => {
    const db = getDb(c.env.DB);
    const now = Date.now();
    const survey = await requireSurvey(db, c.req.valid('param').id);
    if (!survey.active)
      throw new ApiError({ code: 'CONFLICT', message: 'the survey is inactive; activate it first' });
    signingKey(c.env);
    const body = await linksBody(c, c.req.valid('json'), c.req.valid('query').expiresInDays);
    const actor = c.get('actor').email;
    const { targets, skipped } = await requestTargets(db, body);
    const result = await createLinks(c.env, db, survey, targets, {
      skipped,
      origin: new URL(c.req.url).origin,
      expiresInDays: body.expiresInDays,
      createdBy: actor,
      now,
    });
    await auditInsert(
      db,
      {
        actor,
        action: 'links',
        entity: 'survey',
        entityId: String(survey.id),
        details: { links: result.links.length, skipped: result.skipped.length },
      },
      now,
    );
    return c.json(result, 201);
  })
  .openapi(listLinksRoute, async (c) => {
    const db = getDb(c.env.DB);
    const survey = await requireSurvey(db, c.req.valid('param').id);
    const { limit, cursor } = c.req.valid('query');
    const rows = await listLinks(db, survey.id, { limit: limit + 1, beforeId: cursor });
    const page = rows.slice(0, limit);
    const origin = survey.publicOrigin ?? new URL(c.req.url).origin;
    return c.json(
      {
        items: await signLinks(signingKey(c.env), survey.id, origin, page),
        nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null,
      },
      200,
    );
  })
  .openapi(linksCsvRoute, async (c) => {
    const db = getDb(c.env.DB);
    const survey = await requireSurvey(db, c.req.valid('param').id);
    const rows = await listLinks(db, survey.id, { limit: CSV_MAX_ROWS });
    const links = await signLinks(
      signingKey(c.env),
      survey.id,
      survey.publicOrigin ?? new URL(c.req.url).origin,
      rows,
    );
    const csv = toCsv(
      [
        'email',
        'name',
        'locale',
        'accountExternalId',
        'url',
        'expiresAt',
        'createdAt',
        'answeredAt',
        'unsubscribedAt',
      ],
      links.map((l) => [
        l.contact?.email ?? '',
        l.contact?.name ?? '',
        l.contact?.locale ?? '',
        l.accountExternalId,
        l.url,
        l.expiresAt,
        l.createdAt,
        l.answeredAt ?? '',
        // Set when the contact unsubscribed from survey mail: share the link another way.
        l.suppressed?.since ?? '',
      ]),
    );
    return csvResponse(c, csv, `survey-${survey.id}-links`);
  })
  .openapi(listResponsesRoute, async (c) => {
    const db = getDb(c.env.DB);
    const survey = await requireSurvey(db, c.req.valid('param').id);
    const filters = responseFilters(survey, c.req.valid('query'));
    const [rows, followUpsOf] = await Promise.all([
      listResponses(db, survey, { ...filters, limit: filters.limit + 1 }),
      loadFollowUps(db),
    ]);
    const page = rows.slice(0, filters.limit);
    const nextCursor = rows.length > filters.limit ? String(page.at(-1)!.id) : null;
    const answered = {
      type: survey.type,
      scale: { min: survey.scaleMin, max: survey.scaleMax },
      direction: survey.direction,
    };
    const items: SurveyResponseDto[] = page.map((r) => ({
      ...r,
      followUps: followUpsOf({ survey: answered, score: r.score }),
    }));
    return c.json({ items, nextCursor }, 200);
  })
  .openapi(responsesCsvRoute, async (c) => {
    const db = getDb(c.env.DB);
    const survey = await requireSurvey(db, c.req.valid('param').id);
    const filters = responseFilters(survey, c.req.valid('query'));
    const rows = await listResponses(db, survey, {
      ...filters,
      beforeId: undefined,
      limit: CSV_MAX_ROWS,
    });
    const csv = toCsv(
      [
        'respondedAt',
        'accountExternalId',
        'accountName',
        'email',
        'name',
        'score',
        'group',
        'comment',
        'locale',
      ],
      rows.map((r) => [
        r.respondedAt,
        r.accountExternalId,
        r.accountName,
        r.contact?.email ?? '',
        r.contact?.name ?? '',
        r.score,
        r.group,
        r.comment ?? '',
        r.locale ?? '',
      ]),
    );
    return csvResponse(c, csv, `survey-${survey.id}-responses`);
  })
  .openapi(accountResultsRoute, async (c) => {
    const db = getDb(c.env.DB);
    const survey = await requireSurvey(db, c.req.valid('param').id);
    const { days, limit } = c.req.valid('query');
    const now = Date.now();
    const results = resultsByAccount({
      type: survey.type,
      scale: { min: survey.scaleMin, max: survey.scaleMax },
      direction: survey.direction,
      answers: await accountAnswers(db, survey.id, now - days * DAY_MS, now),
    });
    const page = results.slice(0, limit);
    const names = await accountNames(
      db,
      page.map((r) => r.accountId),
    );
    const body: SurveyAccountResults = {
      surveyId: survey.id,
      type: survey.type,
      days,
      accounts: results.length,
      items: page.map((r) => ({
        accountExternalId: names.get(r.accountId)?.externalId ?? '',
        accountName: names.get(r.accountId)?.name ?? '',
        respondents: r.respondents,
        value: r.value,
        groups: r.groups,
        lastAnsweredAt: new Date(r.lastAnsweredAt).toISOString(),
      })),
    };
    return c.json(body, 200);
  })
  .openapi(summaryRoute, async (c) => {
    const db = getDb(c.env.DB);
    const survey = await requireSurvey(db, c.req.valid('param').id);
    const { days } = c.req.valid('query');
    const now = Date.now();
    const window = { startMs: now - days * DAY_MS, endMs: now };
    const data = await summaryData(db, survey.id, window.startMs, window.endMs);
    const scale = { min: survey.scaleMin, max: survey.scaleMax };
    const body: SurveySummaryDto = {
      surveyId: survey.id,
      type: survey.type,
      scale,
      direction: survey.direction,
      days,
      from: new Date(window.startMs).toISOString(),
      to: new Date(window.endMs).toISOString(),
      ...summarizeSurvey({ type: survey.type, scale, direction: survey.direction, ...data, window }),
    };
    return c.json(body, 200);
  });
