// Opaque paging cursors: base64url (no padding) of the UTF-8 bytes of a JSON value. `btoa` alone only takes
// Latin-1, so a cursor holding a Chinese or emoji account name threw (a 500); the UTF-8 step makes any
// string encodable, and the strict decode turns every malformed cursor into null (the route's 400).

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Encodes a JSON value as an opaque URL-safe cursor (base64url of its UTF-8 JSON, no padding).
 * @example encodeCursor(['阿里巴巴', 42]) // 'WyLpmL_ph4zlt7Tlt7QiLDQyXQ'
 */
export function encodeCursor(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = '';
  // Chunked so a long value never exceeds the argument limit of String.fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The JSON value of a cursor made by {@link encodeCursor}, or `undefined` when the text is not one (not
 * base64url, not UTF-8, not JSON). Callers still check the value's shape.
 * @example decodeCursor(encodeCursor([1, 'a'])) // [1, 'a']
 */
export function decodeCursor(text: string): unknown {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    return JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}
