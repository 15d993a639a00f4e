// Benchmark support only (BENCH_ROUTES=1): holds back delivery of newly queued ingest messages until a
// given time, as pausing a queue's delivery does in production (`wrangler queues pause-delivery`), so
// `npm run bench:ingest` can time the consumer draining a real backlog. Per isolate; wrangler dev runs one.
let holdUntil = 0;

/** Holds delivery of messages queued from now until `until` (epoch ms); 0 releases the hold for new ones. */
export function holdDelivery(until: number): void {
  holdUntil = until;
}

/**
 * Whole seconds (the Queues API's unit) a message queued at `now` waits so that it is delivered at or
 * just after the hold's end; 0 without a hold.
 * @example holdDelivery(10_500); deliveryDelaySeconds(9_000) // 2
 */
export function deliveryDelaySeconds(now: number): number {
  return holdUntil > now ? Math.ceil((holdUntil - now) / 1000) : 0;
}
