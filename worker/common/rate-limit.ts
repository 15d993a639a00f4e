import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';
import { ApiError } from './errors';

export interface RateLimitOptions {
  /** The Workers Rate Limiting binding to use. */
  binding: (c: Context<AppEnv>) => RateLimit;
  /** What is limited, e.g. the source of the write key. */
  key: (c: Context<AppEnv>) => string;
  /** The binding's window in seconds (10 or 60, as configured in wrangler.toml). */
  periodSeconds: number;
  /** The 429 message; defaults to the write-key wording of the ingest routes. */
  message?: string;
}

/**
 * Rejects a request over its key's limit with 429, `Retry-After` and `X-RateLimit-Reset` (epoch seconds
 * of the end of the current window).
 * @example ingest.use(rateLimit({ binding: (c) => c.env.INGEST_RATE_LIMITER, key: (c) => c.get('sourceId'), periodSeconds: 10 }))
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  return async function rateLimitMiddleware(c, next) {
    const { success } = await options.binding(c).limit({ key: options.key(c) });
    if (!success) {
      const nowSeconds = Math.floor(Date.now() / 1000);
      const reset = (Math.floor(nowSeconds / options.periodSeconds) + 1) * options.periodSeconds;
      throw new ApiError({
        code: 'RATE_LIMITED',
        message: options.message ?? 'too many requests for this write key; retry after the Retry-After delay',
        headers: {
          'Retry-After': String(Math.max(1, reset - nowSeconds)),
          'X-RateLimit-Reset': String(reset),
        },
      });
    }
    await next();
  };
}

/**
 * The rate-limit key of a client address (`CF-Connecting-IP`): an IPv4 address as is, an IPv6 address
 * as its /64 network, since one IPv6 client usually owns a whole /64 and could rotate through it; 'unknown'
 * without an address.
 * @example clientNetworkKey('2001:db8:1:2::7') // '2001:db8:1:2::/64'
 */
export function clientNetworkKey(ip: string | undefined): string {
  const address = ip?.trim().toLowerCase();
  if (!address) return 'unknown';
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('::');
  const groups = (part: string) =>
    part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]));
  const known = [...groups(head), ...groups(tail)].length;
  const all = [...groups(head), ...new Array<string>(Math.max(0, 8 - known)).fill('0'), ...groups(tail)];
  return `${all
    .slice(0, 4)
    .map((g) => (Number.parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`;
}
