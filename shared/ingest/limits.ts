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
  /**
   * Levels of objects and arrays a message field (`properties`, `traits`, `context`, `integrations`, any other
   * key) may nest, the field itself being level 1. Far below what JSON.stringify (a few thousand) and
   * SQLite's JSON functions (1,000) can take, far above what any instrumentation sends.
   */
  maxDepth: 64,
  /** The earliest event time stored (epoch ms of 2000-01-01T00:00:00Z): skew-corrected times clamp to it. */
  minEventTimeMs: Date.UTC(2000, 0, 1),
} as const;
