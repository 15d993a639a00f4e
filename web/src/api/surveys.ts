import type {
  CreateLinksInput,
  CreateLinksResult,
  CreateSurveyInput,
  ListResponsesQuery,
  SkippedLink,
  SurveyAccountResults,
  SurveyDto,
  SurveyFollowUpDto,
  SurveyLinkDto,
  SurveyList,
  SurveyResponseDto,
  SurveyResponsePage,
  SurveySummaryDto,
  UpdateSurveyInput,
} from '../../../shared/contracts/surveys';
import type { ScoreGroup } from '../../../shared/surveys/scores';
import type { SurveyScale, SurveyText, SurveyType } from '../../../shared/surveys/types';
import type { ApiClient, QueryParams } from './client';

// The admin surveys API (contracts in shared/contracts/surveys.ts; types only, so zod stays out of the chunk).

export type {
  CreateLinksResult,
  ScoreGroup,
  SkippedLink,
  SurveyAccountResults,
  SurveyDto,
  SurveyFollowUpDto,
  SurveyLinkDto,
  SurveyList,
  SurveyResponseDto,
  SurveyResponsePage,
  SurveyScale,
  SurveySummaryDto,
  SurveyText,
  SurveyType,
};

/** `POST /api/surveys` body as the form sends it: always with the texts of its locales. */
export type CreateSurveyPayload = CreateSurveyInput & Required<Pick<CreateSurveyInput, 'questions'>>;

/** `PATCH /api/surveys/:id` body: only what changed. */
export type UpdateSurveyPayload = UpdateSurveyInput;

/** `POST /api/surveys/:id/links` body: any mix of accounts, contacts, a segment and CSV contacts. */
export type CreateLinksPayload = CreateLinksInput;

type FilterKey = 'group' | 'segment' | 'from' | 'to';

/** Filters of the responses list and its CSV export; empty values are not sent. */
export type ResponseFilters = { [K in FilterKey]?: ListResponsesQuery[K] | null };

/** Every survey with its all-time links sent and answers. */
export function listSurveys(api: ApiClient, signal?: AbortSignal): Promise<SurveyList> {
  return api.get<SurveyList>('/api/surveys', { signal });
}

export function getSurvey(api: ApiClient, id: number, signal?: AbortSignal): Promise<SurveyDto> {
  return api.get<SurveyDto>(`/api/surveys/${id}`, { signal });
}

/**
 * Creates a survey (admin).
 * @example await createSurvey(api, { type: 'nps', name: 'Quarterly NPS', followUp: true, questions, defaultLocale: 'en', quietPeriodDays: 90, linkExpiryDays: 30 })
 */
export function createSurvey(api: ApiClient, payload: CreateSurveyPayload): Promise<SurveyDto> {
  return api.post<SurveyDto>('/api/surveys', payload);
}

/** Changes a survey's settings (admin); type and scale are fixed. */
export function updateSurvey(api: ApiClient, id: number, payload: UpdateSurveyPayload): Promise<SurveyDto> {
  return api.patch<SurveyDto>(`/api/surveys/${id}`, payload);
}

/**
 * Creates survey links (admin); contacts asked within the quiet period and unknown accounts come back in `skipped`.
 * @example const { links, skipped } = await createLinks(api, 3, { accounts: ['acme'] })
 */
export function createLinks(
  api: ApiClient,
  id: number,
  payload: CreateLinksPayload,
): Promise<CreateLinksResult> {
  return api.post<CreateLinksResult>(`/api/surveys/${id}/links`, payload);
}

/** Results over the last `days` days: headline number, groups, distribution and monthly trend. */
export function getSummary(
  api: ApiClient,
  id: number,
  days: number,
  signal?: AbortSignal,
): Promise<SurveySummaryDto> {
  return api.get<SurveySummaryDto>(`/api/surveys/${id}/summary`, { query: { days }, signal });
}

/** Results per account over the last `days` days (each person once, latest answer), the least satisfied first. */
export function getAccountResults(
  api: ApiClient,
  id: number,
  days: number,
  signal?: AbortSignal,
): Promise<SurveyAccountResults> {
  return api.get<SurveyAccountResults>(`/api/surveys/${id}/accounts`, { query: { days }, signal });
}

function filterQuery(filters: ResponseFilters): QueryParams {
  return { group: filters.group, segment: filters.segment, from: filters.from, to: filters.to };
}

/** One page of answers, newest first. */
export function listResponses(
  api: ApiClient,
  id: number,
  params: ResponseFilters & { limit?: number; cursor?: string | null },
  signal?: AbortSignal,
): Promise<SurveyResponsePage> {
  return api.get<SurveyResponsePage>(`/api/surveys/${id}/responses`, {
    query: { ...filterQuery(params), limit: params.limit, cursor: params.cursor },
    signal,
  });
}

function withQuery(path: string, query: QueryParams): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * The URL of the answers CSV under `filters` (same-origin: the session cookie goes with the download).
 * @example responsesCsvUrl(3, { group: 'detractor' }) // '/api/surveys/3/responses.csv?group=detractor'
 */
export function responsesCsvUrl(id: number, filters: ResponseFilters): string {
  return withQuery(`/api/surveys/${id}/responses.csv`, filterQuery(filters));
}

/** The URL of the CSV of every link of a survey, for your own mail tool. */
export function linksCsvUrl(id: number): string {
  return `/api/surveys/${id}/links.csv`;
}
