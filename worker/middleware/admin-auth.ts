import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';

const encoder = new TextEncoder();

/** Constant-time string comparison (hashing first makes the lengths equal). */
export async function safeEqual(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(a)),
    crypto.subtle.digest('SHA-256', encoder.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(ha, hb);
}

/**
 * Requires `Authorization: Bearer <ADMIN_TOKEN>` on admin routes. Write keys never pass it.
 * @example app.use('/api/*', adminAuth())
 */
export function adminAuth(): MiddlewareHandler<AppEnv> {
  return async function adminAuthMiddleware(c, next) {
    const expected = c.env.ADMIN_TOKEN;
    if (!expected) throw new ApiError({ code: 'UNAUTHORIZED', message: 'ADMIN_TOKEN is not configured' });
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1] || !(await safeEqual(match[1].trim(), expected))) {
      throw new ApiError({ code: 'UNAUTHORIZED', message: 'a valid admin bearer token is required' });
    }
    await next();
  };
}
