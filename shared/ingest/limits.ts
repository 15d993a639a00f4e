/** Segment HTTP Tracking API limits, applied to the decompressed body. */
export const INGEST_LIMITS = {
  /** Bytes of one message's JSON. */
  maxMessageBytes: 32 * 1024,
  /** Bytes of one request body. */
  maxRequestBytes: 500 * 1024,
  /** Messages in one `/v1/batch` or `/v1/import` request. */
  maxBatchMessages: 2500,
  /** One event's duration is capped so a stuck timer cannot dominate active minutes. */
  maxDurationMs: 12 * 60 * 60 * 1000,
} as const;
