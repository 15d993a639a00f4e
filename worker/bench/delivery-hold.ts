// Benchmark support only: holds back delivery of newly queued ingest messages until a given time, as
// pausing a queue's delivery does in production (`wrangler queues pause-delivery`), so
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

/**
 * `queue` with every send delayed by the hold, if one is on when it is sent (a delay the caller gives wins).
 * The production code sends to it unaware: the hold lives here, not in worker/ingest.
 * @example const env2 = { ...env, INGEST_QUEUE: heldQueue(env.INGEST_QUEUE) }
 */
export function heldQueue<Body>(queue: Queue<Body>): Queue<Body> {
  const delay = () => {
    const delaySeconds = deliveryDelaySeconds(Date.now());
    return delaySeconds > 0 ? { delaySeconds } : {};
  };
  return {
    metrics: () => queue.metrics(),
    send: (message, options) => queue.send(message, { ...delay(), ...options }),
    sendBatch: (messages, options) => queue.sendBatch(messages, { ...delay(), ...options }),
  };
}
