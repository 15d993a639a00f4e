import { type Context, Hono } from 'hono';
import { idParam } from '../../shared/contracts/admin';
import {
  createLinksInput,
  createSurveyInput,
  listLinksQuery,
  listResponsesQuery,
  MAX_LINKS_PER_REQUEST,
  type SurveyResponseDto,
  type SurveySummaryDto,
  summaryQuery,
  updateSurveyInput,
} from '../../shared/contracts/surveys';
import { SCORE_GROUPS, summarizeSurvey } from '../../shared/surveys';
import { utcDay } from '../../shared/time';
import { auditInsert } from '../db/audit';
import { type Db, getDb } from '../db/client';
import {
  ensureSurveyAlertRules,
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
} from '../db/surveys';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { validate } from '../middleware/validate';
import { newSurveyValues, surveyPatch } from '../surveys/config';
import { parseContactsCsv, toCsv } from '../surveys/csv';
import { createLinks, linkTargets, signingKey, signLinks } from '../surveys/links';

const DAY_MS = 86_400_000;
/** Rows in one CSV export. */
const CSV_MAX_ROWS = 50_000;
/** Largest `text/csv` body of a links request, bytes. */
const MAX_CSV_BYTES = 2_000_000;

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

/** What the audit log keeps of a survey change: the webhook URL may embed a secret, so only whether it is set. */
const auditDetails = <T extends { webhookUrl?: string | null }>(input: T) =>
  input.webhookUrl ? { ...input, webhookUrl: '(set)' } : input;

async function requireSegment(db: Db, segment: string | null | undefined) {
  if (segment && !(await segmentExists(db, segment)))
    throw new ApiError({ code: 'VALIDATION_FAILED', message: `no segment "${segment}"` });
}

const csvResponse = (c: Ctx, csv: string, name: string) =>
  c.body(csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}-${utcDay(Date.now())}.csv"`,
  });

/** The links request body: JSON (validated by the contract) or a raw `text/csv` file of contacts. */
async function linksBody(c: Ctx) {
  const type = c.req.header('Content-Type') ?? '';
  if (/^text\/csv\b/i.test(type)) {
    if (Number(c.req.header('Content-Length') ?? 0) > MAX_CSV_BYTES)
      throw new ApiError({ code: 'REQUEST_TOO_LARGE', message: 'the CSV is larger than 2 MB' });
    const text = await c.req.text();
    if (text.length > MAX_CSV_BYTES)
      throw new ApiError({ code: 'REQUEST_TOO_LARGE', message: 'the CSV is larger than 2 MB' });
    const days = c.req.query('expiresInDays');
    return createLinksInput.safeParse({ csv: text, ...(days ? { expiresInDays: Number(days) } : {}) });
  }
  return createLinksInput.safeParse(await c.req.json().catch(() => null));
}

/** Every target of a links request: accounts, segment accounts, JSON contacts and CSV rows. */
async function requestTargets(db: Db, c: Ctx) {
  const parsed = await linksBody(c);
  if (!parsed.success) {
    throw new ApiError({
      code: 'VALIDATION_FAILED',
      message: 'invalid links request',
      issues: parsed.error.issues.map((i) => ({
        path: i.path.map(String),
        code: i.code,
        message: i.message,
      })),
    });
  }
  const body = parsed.data;
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
  return { targets: linkTargets(accounts, contacts), expiresInDays: body.expiresInDays };
}

function responseFilters(survey: SurveyRow, q: ReturnType<typeof listResponsesQuery.parse>): ResponseFilters {
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
 * Shapes in shared/contracts/surveys.ts.
 */
export const surveyRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ items: await listSurveys(getDb(c.env.DB), isAdmin(c)) }))
  .post('/', validate('json', createSurveyInput), async (c) => {
    const db = getDb(c.env.DB);
    const now = Date.now();
    const input = c.req.valid('json');
    await requireSegment(db, input.recurrence?.segment);
    const row = await insertSurvey(db, newSurveyValues(input, new URL(c.req.url).origin, now));
    await ensureSurveyAlertRules(db, now);
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
  .get('/:id', validate('param', idParam), async (c) => {
    const db = getDb(c.env.DB);
    return c.json(await surveyDto(c, db, await requireSurvey(db, c.req.valid('param').id)));
  })
  .patch('/:id', validate('param', idParam), validate('json', updateSurveyInput), async (c) => {
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
    return c.json(await surveyDto(c, db, row!));
  })
  .post('/:id/links', validate('param', idParam), async (c) => {
    const db = getDb(c.env.DB);
    const now = Date.now();
    const survey = await requireSurvey(db, c.req.valid('param').id);
    if (!survey.active)
      throw new ApiError({ code: 'CONFLICT', message: 'the survey is inactive; activate it first' });
    signingKey(c.env);
    const { targets, expiresInDays } = await requestTargets(db, c);
    const actor = c.get('actor').email;
    const result = await createLinks(c.env, db, survey, targets, {
      origin: new URL(c.req.url).origin,
      expiresInDays,
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
  .get('/:id/links', validate('param', idParam), validate('query', listLinksQuery), async (c) => {
    const db = getDb(c.env.DB);
    const survey = await requireSurvey(db, c.req.valid('param').id);
    const { limit, cursor } = c.req.valid('query');
    const rows = await listLinks(db, survey.id, { limit: limit + 1, beforeId: cursor });
    const page = rows.slice(0, limit);
    const origin = survey.publicOrigin ?? new URL(c.req.url).origin;
    return c.json({
      items: await signLinks(signingKey(c.env), survey.id, origin, page),
      nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null,
    });
  })
  .get('/:id/links.csv', validate('param', idParam), async (c) => {
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
      ['email', 'name', 'locale', 'accountExternalId', 'url', 'expiresAt', 'createdAt', 'answeredAt'],
      links.map((l) => [
        l.contact?.email ?? '',
        l.contact?.name ?? '',
        l.contact?.locale ?? '',
        l.accountExternalId,
        l.url,
        l.expiresAt,
        l.createdAt,
        l.answeredAt ?? '',
      ]),
    );
    return csvResponse(c, csv, `survey-${survey.id}-links`);
  })
  .get('/:id/responses', validate('param', idParam), validate('query', listResponsesQuery), async (c) => {
    const db = getDb(c.env.DB);
    const survey = await requireSurvey(db, c.req.valid('param').id);
    const filters = responseFilters(survey, c.req.valid('query'));
    const rows = await listResponses(db, survey, { ...filters, limit: filters.limit + 1 });
    const page = rows.slice(0, filters.limit);
    return c.json({ items: page, nextCursor: rows.length > filters.limit ? String(page.at(-1)!.id) : null });
  })
  .get('/:id/responses.csv', validate('param', idParam), validate('query', listResponsesQuery), async (c) => {
    const db = getDb(c.env.DB);
    const survey = await requireSurvey(db, c.req.valid('param').id);
    const filters = responseFilters(survey, c.req.valid('query'));
    const rows: SurveyResponseDto[] = await listResponses(db, survey, {
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
  .get('/:id/summary', validate('param', idParam), validate('query', summaryQuery), async (c) => {
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
      days,
      from: new Date(window.startMs).toISOString(),
      to: new Date(window.endMs).toISOString(),
      ...summarizeSurvey({ type: survey.type, scale, ...data, window }),
    };
    return c.json(body);
  });
