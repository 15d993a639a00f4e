import type { Db } from '../common/db';
import { findActiveSourceByKeyHash } from './sources-store';

const encoder = new TextEncoder();
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A new write key: `kw_` + 32 base62 characters (~190 bits). */
export function generateWriteKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let key = 'kw_';
  for (const b of bytes) key += BASE62[b % 62];
  return key;
}

export async function hashWriteKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(key));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The write key from HTTP Basic auth: Segment sends it as the username, with or without the colon.
 * @example basicAuthWriteKey('Basic ' + btoa('kw_abc:')) // 'kw_abc'
 */
export function basicAuthWriteKey(header: string | undefined): string | null {
  const match = header && /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match?.[1]) return null;
  try {
    const decoded = atob(match[1].replace(/-/g, '+').replace(/_/g, '/'));
    const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
    return user.trim() || null;
  } catch {
    return null;
  }
}

// The hot path must not hit D1 per request: resolved keys are cached per isolate. A revocation is
// immediate in the isolate that served it and takes at most POSITIVE_TTL_MS elsewhere. A key of up to
// MAX_RAW_KEY_CHARS is cached as itself, so a hit costs no SHA-256; a longer one (never a generated key) by
// '#' + its hash, which bounds the cache's memory and cannot collide with a raw key.
const POSITIVE_TTL_MS = 30_000;
const NEGATIVE_TTL_MS = 5_000;
const MAX_ENTRIES = 1_000;
const MAX_RAW_KEY_CHARS = 64;
const cache = new Map<string, { sourceId: string | null; expiresAt: number }>();

/** Drops every cached key resolution (after a revocation). */
export function forgetWriteKeys(): void {
  cache.clear();
}

/** The active source id owning `key`, or null. */
export async function resolveWriteKey(db: Db, key: string, now: number): Promise<string | null> {
  const cacheKey = key.length <= MAX_RAW_KEY_CHARS ? key : `#${await hashWriteKey(key)}`;
  const hit = cache.get(cacheKey);
  if (hit && hit.expiresAt > now) return hit.sourceId;
  const source = await findActiveSourceByKeyHash(db, await hashWriteKey(key));
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(cacheKey, {
    sourceId: source?.id ?? null,
    expiresAt: now + (source ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS),
  });
  return source?.id ?? null;
}
