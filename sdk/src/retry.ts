/**
 * Delay before retry number `retry` (1-based): exponential growth from `baseMs`, capped at `maxMs`,
 * with "equal jitter" so that the delay lies in [cap/2, cap]. Keeping half the cap fixed guarantees a
 * minimum pause (a flapping server is not hammered) while the random half spreads out clients that
 * failed together.
 *
 * @param retry 1 for the first retry, 2 for the second, …
 * @param random a source of numbers in [0, 1); `Math.random` in production
 * @returns delay in milliseconds
 * @example
 * backoffMs(3, 500, 30_000, () => 1); // 2000
 */
export function backoffMs(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  const capMs = Math.min(maxMs, baseMs * 2 ** (retry - 1));
  return capMs / 2 + (random() * capMs) / 2;
}

/**
 * Parses an HTTP `Retry-After` header, which is either delay-seconds or an HTTP date.
 *
 * @param header the raw header value, or null when absent
 * @param nowMs current time in epoch milliseconds, used to turn a date into a delay
 * @returns delay in milliseconds (never negative), or undefined when the header is absent or unparseable
 * @example
 * parseRetryAfterMs('2', Date.now()); // 2000
 */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (!header?.trim()) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const atMs = Date.parse(header);
  return Number.isNaN(atMs) ? undefined : Math.max(0, atMs - nowMs);
}
