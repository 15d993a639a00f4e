// The scoring queue's message contract: the cron, the scoring routes and the inputs that rescore one account
// (a survey answer) produce it, the scoring and webhook jobs consume it. It belongs to neither side.

/**
 * A message of the scoring queue: a batch of accounts to score, one account to rescore, an alert webhook to
 * deliver, the next day of a backfill, or the next step of a raw-event replay.
 */
export type ScoringQueueMessage =
  | ScoreBatchMessage
  | RescoreMessage
  | WebhookMessage
  | BackfillMessage
  | ReplayMessage;

/** Advance a raw-event replay by one bounded step (worker/ingest/replay-job.ts); it queues the next. */
export interface ReplayMessage {
  kind: 'replay';
  jobId: string;
}

/** Rescore one account for today, as its `rescore_requests` row asks (sent when an input was stored). */
export interface RescoreMessage {
  kind: 'rescore';
  accountId: number;
}

/** Start the next day of a backfill (sent when its previous day's run finished). */
export interface BackfillMessage {
  kind: 'backfill';
  backfillId: string;
}

/** Deliver one alert to the configured webhook. */
export interface WebhookMessage {
  kind: 'webhook';
  deliveryId: number;
}

/** A scoring queue message: one batch of accounts of one run. */
export interface ScoreBatchMessage {
  kind: 'score';
  runId: string;
  period: string;
  asOfDay: string;
  /** The instant the run reads as of: ratings, overrides, metrics and answers recorded later are ignored. */
  now: number;
  accountIds: number[];
  /**
   * An `asOf` run: a snapshot of the period that another model version wrote is kept (the account is
   * skipped), and alerts are raised only when the period is today (`raiseAlerts`). Absent: a run of today.
   */
  asOf?: { raiseAlerts: boolean };
}
