/** Random secrets of the admin API (session cookies, CSRF tokens, invite links, API tokens) and their hashes. */

const encoder = new TextEncoder();
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** API tokens start with this; write keys are `kw_` + base62 and can never contain the second `_`. */
export const API_TOKEN_PREFIX = 'kw_at_';
/** Characters of an API token kept in clear (`prefix`) so admins can recognise it in the list. */
export const API_TOKEN_DISPLAY_CHARS = 12;

/**
 * `length` random base62 characters (~5.95 bits each; 43 characters ≈ 256 bits). Rejection sampling keeps
 * every character equally likely.
 * @example randomToken(43)
 */
export function randomToken(length = 43): string {
  let out = '';
  while (out.length < length) {
    for (const b of crypto.getRandomValues(new Uint8Array(length * 2))) {
      // 248 = 4 × 62: bytes at or above it would favour the first characters.
      if (b < 248 && out.length < length) out += BASE62[b % 62];
    }
  }
  return out;
}

/** A new API token: `kw_at_` + 43 base62 characters. */
export function generateApiToken(): string {
  return API_TOKEN_PREFIX + randomToken(43);
}

/**
 * Lower-case hex SHA-256 of a token: only this is stored, so a database leak reveals no usable secret.
 * @example await sha256Hex('abc') // 'ba7816bf…'
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
