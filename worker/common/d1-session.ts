import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './env';

// D1 read replication (the Sessions API): the admin API's reads may be served by a replica near the user,
// and a bookmark carried from response to request keeps them at least as fresh as what that user last saw or
// wrote (sequential consistency per user). Ingest, queues and cron stay on the binding itself (the primary).

/** Request header (API clients) and response header with the session's latest bookmark. */
export const BOOKMARK_HEADER = 'x-d1-bookmark';
/** The same for the SPA, as a cookie scoped to the API. */
export const BOOKMARK_COOKIE = 'kw_d1_bookmark';
/** D1 bookmarks are hex groups joined by dashes; anything else is ignored rather than passed to D1. */
const BOOKMARK = /^[0-9a-f]{1,64}(?:-[0-9a-f]{1,64}){0,7}$/i;

/** A session used where a `D1Database` is expected (prepare and batch are all the app's stores call). */
function asDatabase(db: D1Database, session: D1DatabaseSession): D1Database {
  return {
    prepare: (query: string) => session.prepare(query),
    batch: <T>(statements: D1PreparedStatement[]) => session.batch<T>(statements),
    // Not part of a session: straight to the database (migrations and dumps are not request work).
    exec: (query: string) => db.exec(query),
    dump: () => db.dump(),
    withSession: (constraint?: string) => db.withSession(constraint),
  } as D1Database;
}

/** The bookmark a request carries (header first, then the cookie), if it looks like one. */
export function requestBookmark(header: string | undefined, cookie: string | undefined): string | undefined {
  for (const value of [header, cookie])
    if (value && value.length <= 600 && BOOKMARK.test(value)) return value;
  return undefined;
}

/**
 * Runs the rest of the request on a D1 session: reads start where the caller's bookmark says (else on any
 * replica), writes on the primary (`first-primary`, so a write's own reads follow it); the response carries
 * the session's bookmark back as a header and an HttpOnly cookie.
 */
export function d1Session(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const db = c.env.DB;
    if (typeof db.withSession !== 'function') return next();
    const read = c.req.method === 'GET' || c.req.method === 'HEAD';
    const bookmark = requestBookmark(c.req.header(BOOKMARK_HEADER), getCookie(c, BOOKMARK_COOKIE));
    const session = db.withSession(bookmark ?? (read ? 'first-unconstrained' : 'first-primary'));
    c.env = { ...c.env, DB: asDatabase(db, session) };
    await next();
    const latest = session.getBookmark();
    if (!latest) return;
    c.header(BOOKMARK_HEADER, latest);
    setCookie(c, BOOKMARK_COOKIE, latest, {
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/api',
      maxAge: 3600,
    });
  };
}
