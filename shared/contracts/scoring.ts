import { z } from 'zod';

const isoTimestamp = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 timestamp' });
const period = z.iso.date().meta({ description: 'The scoring period: a UTC day.', example: '2026-05-01' });

/** How far back an `asOf` run or a backfill may reach, in days before today (UTC). */
export const MAX_HISTORY_DAYS = 365;

/**
 * `POST /api/scoring/run` body (optional). `asOf` scores as at the end of that UTC day: every window ends
 * on it and nothing recorded after it is read. Today or earlier, at most {@link MAX_HISTORY_DAYS} days
 * back and not before the first day with usage (checked by the route: 400 `VALIDATION_FAILED`).
 */
export const startScoringRunBody = z
  .object({
    asOf: z.iso.date().optional().meta({
      description:
        "Score as at the end of this UTC day (YYYY-MM-DD): windows end on it, and ratings, overrides, metrics and survey answers recorded after it are ignored. The run writes that day's snapshots, never replacing one another model version wrote, and raises no alerts for a past day. Not in the future, at most 365 days back, not before the first day with usage. Omitted: today's run (windows end yesterday).",
      example: '2026-04-30',
    }),
  })
  .strict()
  .meta({ id: 'StartScoringRun' });
export type StartScoringRunBody = z.infer<typeof startScoringRunBody>;

/** `POST /api/scoring/run` → 202: the run scores `total` accounts for `period` in the background. */
export const startedScoringRunSchema = z
  .object({
    runId: z.uuid().meta({ description: 'Poll `GET /api/scoring/runs/{runId}` for its progress.' }),
    period,
    total: z.number().int().min(0).meta({ description: 'Accounts the run scores.' }),
    asOf: period.nullable().meta({ description: 'The `asOf` day scored, null for a run of today.' }),
  })
  .meta({ id: 'StartedScoringRun' });
export type StartedScoringRun = z.infer<typeof startedScoringRunSchema>;

/** `/api/scoring/runs/:runId` */
export const scoringRunIdParam = z.object({
  runId: z.uuid().meta({ example: '0f8fad5b-d9cb-469f-a165-70867728950e' }),
});

/** `GET /api/scoring/runs/:runId`: progress of a run (`scored + failed + skipped` of `total`). */
export const scoringRunSchema = z
  .object({
    runId: z.uuid(),
    period,
    trigger: z.enum(['cron', 'manual']),
    status: z.enum(['running', 'done', 'failed']),
    scored: z.number().int().min(0),
    failed: z.number().int().min(0),
    skipped: z.number().int().min(0).meta({
      description:
        'Accounts an `asOf` run left alone because their snapshot of the day was written by another model version.',
    }),
    total: z.number().int().min(0),
    asOf: period.nullable().meta({ description: 'The `asOf` day scored, null for a run of today.' }),
    backfillId: z.uuid().nullable().meta({ description: 'The backfill this run is a day of, else null.' }),
    startedAt: isoTimestamp,
    finishedAt: isoTimestamp.nullable().meta({ description: 'null while running.' }),
    d1Queries: z
      .number()
      .int()
      .min(0)
      .meta({ description: "D1 statements executed by the run's batches so far." }),
    errors: z
      .array(
        z.object({
          accountId: z
            .number()
            .int()
            .meta({ description: 'The internal account id; 0 when the fan-out itself failed.' }),
          externalId: z.string().nullable(),
          error: z.string(),
        }),
      )
      .meta({ description: 'Accounts that could not be scored, by account id (the first 100).' }),
  })
  .meta({ id: 'ScoringRun' });
export type ScoringRun = z.infer<typeof scoringRunSchema>;

/** `POST /api/scoring/backfill` */
export const startBackfillBody = z
  .object({
    days: z
      .number()
      .int()
      .min(1)
      .max(MAX_HISTORY_DAYS)
      .meta({ description: 'How many days before today to look at (1–365).', example: 30 }),
  })
  .strict()
  .meta({ id: 'StartBackfill' });
export type StartBackfillBody = z.infer<typeof startBackfillBody>;

/** `/api/scoring/backfills/:backfillId` */
export const backfillIdParam = z.object({
  backfillId: z.uuid().meta({ example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }),
});

/** A backfill and its progress: `completed` of `total` days scored, oldest first. */
export const backfillSchema = z
  .object({
    backfillId: z.uuid(),
    status: z.enum(['running', 'done', 'failed']),
    days: z
      .array(period)
      .meta({ description: 'The days it scores, oldest first: days with usage and no snapshot.' }),
    completed: z.number().int().min(0).meta({ description: 'Days whose run has finished.' }),
    total: z.number().int().min(0),
    currentDay: period.nullable().meta({ description: 'The day being scored, null when none is.' }),
    currentRunId: z
      .uuid()
      .nullable()
      .meta({ description: "Its run: `GET /api/scoring/runs/{runId}` for the day's own progress." }),
    error: z.string().nullable(),
    startedAt: isoTimestamp,
    finishedAt: isoTimestamp.nullable(),
  })
  .meta({ id: 'ScoringBackfill' });
export type ScoringBackfill = z.infer<typeof backfillSchema>;
