import type { Model, ModelList, SegmentList } from '../../../shared/contracts/models';
import type { Backtest, Calibration, ModelDiff, ModelPreview } from '../../../shared/contracts/studio';
import type { HealthModel } from '../../../shared/health/model';
import type { ApiClient } from './client';

export type { ModelSummary, ModelVersion } from '../../../shared/contracts/models';
// The API's own contract types (shared/contracts/models.ts, studio.ts), shared with the worker.
export type { Backtest, Calibration, HealthModel, Model, ModelDiff, ModelList, ModelPreview, SegmentList };

/** `POST /api/models/publish` and `/rollback` answer with the version now published. */
export interface PublishedModel {
  id: string;
  publishedVersion: number;
}

/** Options of a backtest; the API defaults `leadDays` to 90 and `minOutcomes` to 30. */
export interface BacktestOptions {
  leadDays?: number;
  minOutcomes?: number;
  use?: 'draft' | 'published';
}

/** Options of a calibration; the API defaults `leadDays` 90, `folds` 5, `seed` 1. */
export interface CalibrateOptions {
  leadDays?: number;
  folds?: number;
  seed?: number;
}

const base = (id: string) => `/api/models/${encodeURIComponent(id)}`;

/** Every model with its published and draft version numbers. */
export function listModels(api: ApiClient, signal?: AbortSignal): Promise<ModelList> {
  return api.get<ModelList>('/api/models', { signal });
}

/** Segments in match order (the default one last): which model each uses. */
export function listSegments(api: ApiClient, signal?: AbortSignal): Promise<SegmentList> {
  return api.get<SegmentList>('/api/segments', { signal });
}

/** One model with every version, newest first. */
export function getModel(api: ApiClient, id: string, signal?: AbortSignal): Promise<Model> {
  return api.get<Model>(base(id), { signal });
}

/**
 * Creates a model whose first version is a draft (admin); 409 when the id exists.
 * @example await createModel(api, { id: 'enterprise', name: 'Enterprise', config })
 */
export function createModel(
  api: ApiClient,
  body: { id: string; name: string; config: unknown },
): Promise<Model> {
  return api.post<Model>('/api/models', body);
}

/** Writes the open draft, or opens the next version as one (admin); 400 VALIDATION_FAILED lists each problem. */
export function saveDraft(api: ApiClient, id: string, config: unknown): Promise<Model> {
  return api.put<Model>(`${base(id)}/draft`, { config });
}

/** Deletes the open draft (admin); 404 when there is none. */
export function discardDraft(api: ApiClient, id: string): Promise<void> {
  return api.delete(`${base(id)}/draft`);
}

/** Checks a model without storing it (admin): the stored form, or 400 VALIDATION_FAILED with `issues`. */
export function validateModel(
  api: ApiClient,
  config: unknown,
  signal?: AbortSignal,
): Promise<{ ok: true; config: HealthModel }> {
  return api.post('/api/models/validate', { config }, { signal });
}

/** Publishes the draft with an optional note (admin); 409 when there is no draft. */
export function publishModel(api: ApiClient, id: string, note?: string): Promise<PublishedModel> {
  return api.post<PublishedModel>(`${base(id)}/publish`, note ? { note } : {});
}

/**
 * Publishes an older version's config as a new version (admin); 409 while a draft is open.
 * @example await rollbackModel(api, 'default', 3, 'Back to the spring weights')
 */
export function rollbackModel(
  api: ApiClient,
  id: string,
  version: number,
  note?: string,
): Promise<PublishedModel> {
  return api.post<PublishedModel>(`${base(id)}/rollback`, note ? { version, note } : { version });
}

/** What changed from version `from` to version `to`. */
export function getModelDiff(
  api: ApiClient,
  id: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<ModelDiff> {
  return api.get<ModelDiff>(`${base(id)}/diff`, { query: { from, to }, signal });
}

/** Scores `config` and the published version side by side on today's data (admin). */
export function previewModel(
  api: ApiClient,
  id: string,
  config: unknown,
  signal?: AbortSignal,
): Promise<ModelPreview> {
  return api.post<ModelPreview>(`${base(id)}/preview`, { config }, { signal });
}

/** Backtests the model on past renewals (admin); 422 TOO_FEW_OUTCOMES when there are too few. */
export function backtestModel(
  api: ApiClient,
  id: string,
  options: BacktestOptions,
  signal?: AbortSignal,
): Promise<Backtest> {
  return api.post<Backtest>(`${base(id)}/backtest`, options, { signal });
}

/** Fits weights on past renewals and saves them as the model's draft, never published (admin). */
export function calibrateModel(api: ApiClient, id: string, options: CalibrateOptions): Promise<Calibration> {
  return api.post<Calibration>(`${base(id)}/calibrate`, options);
}
