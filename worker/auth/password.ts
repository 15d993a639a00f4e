/**
 * Password hashing with PBKDF2-SHA256 (WebCrypto). Stored as `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`
 * so the iteration count can be raised later: a hash made with fewer iterations still verifies and is
 * reported as needing a rehash.
 */

/**
 * Iterations for new hashes, and the most a stored hash may ask for. Cloudflare's runtime rejects PBKDF2
 * above 100,000 iterations ("iteration counts above 100000 are not supported", cloudflare/workerd#1346),
 * so this is the most production allows; local workerd has no such limit, so tests cannot show the cap.
 */
export const PBKDF2_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;
const encoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

/**
 * Hashes a password with a random 16-byte salt.
 * @example await hashPassword('correct horse battery') // 'pbkdf2-sha256$100000$…$…'
 */
export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return `pbkdf2-sha256$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
}

/**
 * Checks a password against a stored hash in constant time. A malformed or null hash never matches but
 * costs the same work, so callers can use it for unknown emails without revealing that they are unknown.
 * @example const { ok, needsRehash } = await verifyPassword(input, member.passwordHash)
 */
export async function verifyPassword(
  password: string,
  stored: string | null,
): Promise<{ ok: boolean; needsRehash: boolean }> {
  const parts = stored?.split('$') ?? [];
  const iterations = Number(parts[1]);
  const salt = parts[2] === undefined ? null : fromBase64(parts[2]);
  const expected = parts[3] === undefined ? null : fromBase64(parts[3]);
  const wellFormed =
    parts.length === 4 &&
    parts[0] === 'pbkdf2-sha256' &&
    Number.isInteger(iterations) &&
    iterations >= 1 &&
    iterations <= PBKDF2_ITERATIONS &&
    salt !== null &&
    expected !== null &&
    expected.length === HASH_BITS / 8;
  if (!wellFormed) {
    await derive(password, new Uint8Array(SALT_BYTES), PBKDF2_ITERATIONS);
    return { ok: false, needsRehash: false };
  }
  const actual = await derive(password, salt, iterations);
  const ok = crypto.subtle.timingSafeEqual(actual, expected);
  return { ok, needsRehash: ok && iterations < PBKDF2_ITERATIONS };
}
