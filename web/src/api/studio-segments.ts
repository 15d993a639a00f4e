import type { z } from 'zod';
import type { AlertRule } from '../../../shared/alerts';
import type { ModelList, ModelSummary, SegmentContract, SegmentList } from '../../../shared/contracts/models';
import type { segmentMatchesSchema } from '../../../shared/contracts/studio';
import type { SegmentCondition, SegmentInput } from '../../../shared/health/segments';
import type { ApiClient } from './client';

// The model studio's segment and alert-rule calls (segments, their match counts, the model list, rule writes).
// Types only from shared/: the schemas' modules would pull zod into the studio chunk.

/** A segment as stored: `order` ascending is the match order, the default one catches the rest. */
export type Segment = SegmentContract;
/** `GET /api/segments/matches`: accounts per segment id now (first match wins) and every account counted. */
export type SegmentMatches = z.infer<typeof segmentMatchesSchema>;
export type { AlertRule, ModelSummary, SegmentCondition };

/** `POST /api/segments`: a new segment (`id` new, `order` after the others). */
export type NewSegment = Omit<SegmentInput, 'isDefault'>;
/** `PATCH /api/segments/:id`: the fields to change (never `id`). */
export type SegmentPatch = Partial<Omit<SegmentInput, 'id'>>;

const segmentPath = (id: string) => `/api/segments/${encodeURIComponent(id)}`;

/** Segments in match order, the default one last. */
export const listSegments = (api: ApiClient, signal?: AbortSignal) =>
  api.get<SegmentList>('/api/segments', { signal }).then((r) => r.items);

/**
 * Adds a segment (admin); a 400 VALIDATION_FAILED names each problem in `issues` (paths into the segment, or
 * `[index, …]` into the whole list when the list check fails), 409 CONFLICT when the id exists.
 * @example await createSegment(api, { id: 'enterprise', name: 'Enterprise', order: 1, match: 'all', conditions: [], modelId: 'default' })
 */
export const createSegment = (api: ApiClient, segment: NewSegment) =>
  api.post<Segment>('/api/segments', segment);

/** Changes the fields sent (admin); issues as {@link createSegment}. */
export const updateSegment = (api: ApiClient, id: string, patch: SegmentPatch) =>
  api.patch<Segment>(segmentPath(id), patch);

/** Deletes a segment (admin); 409 for the default one. */
export const deleteSegment = (api: ApiClient, id: string) => api.delete(segmentPath(id));

/**
 * Sets the match order (admin): `ids` lists every non-default segment once, first match first.
 * @example await reorderSegments(api, ['enterprise', 'smb'])
 */
export const reorderSegments = (api: ApiClient, ids: readonly string[]) =>
  api.post<SegmentList>('/api/segments/reorder', { ids }).then((r) => r.items);

/** How many accounts each segment matches now (first match wins). */
export const getSegmentMatches = (api: ApiClient, signal?: AbortSignal) =>
  api.get<SegmentMatches>('/api/segments/matches', { signal });

/** Every model with its published and draft version numbers (a segment may only use a published one). */
export const listModelSummaries = (api: ApiClient, signal?: AbortSignal) =>
  api.get<ModelList>('/api/models', { signal }).then((r) => r.items);

/**
 * Stores a rule under its id (admin); answers with the rule as stored, defaults filled in. A 400
 * VALIDATION_FAILED names each problem in `issues` (paths into the body, e.g. `['params', 'days']`).
 * @example await putAlertRule(api, { ...rule, severity: 'critical' })
 */
export const putAlertRule = (api: ApiClient, rule: AlertRule) => {
  const { id, ...body } = rule;
  return api.put<AlertRule>(`/api/alerts/rules/${encodeURIComponent(id)}`, body);
};
