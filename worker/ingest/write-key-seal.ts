// Write keys are looked up by hash, but an admin must be able to copy the real key into a snippet later
// (Segment and RudderStack show theirs at any time). So the key is also kept sealed with AES-GCM under a key
// derived (HKDF, its own label) from SURVEY_SIGNING_KEY: a database copy alone does not reveal write keys.
// Rotating that secret makes the sealed keys unreadable; they keep working, and a new source gives a new key.

const encoder = new TextEncoder();
const INFO = encoder.encode('keepwell/write-key-seal/v1');
const keys = new Map<string, Promise<CryptoKey>>();

function sealingKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle
      .importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey'])
      .then((base) =>
        crypto.subtle.deriveKey(
          { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: INFO },
          base,
          { name: 'AES-GCM', length: 256 },
          false,
          ['encrypt', 'decrypt'],
        ),
      );
    keys.set(secret, key);
  }
  return key;
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

/**
 * Seals a write key for storage, bound to its source id (a sealed key copied to another row does not open);
 * null without a secret.
 * @example await sealWriteKey(env.SURVEY_SIGNING_KEY, source.id, 'kw_…') // 'v1.<iv>.<ciphertext>'
 */
export async function sealWriteKey(secret: string | undefined, sourceId: string, writeKey: string) {
  if (!secret) return null;
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(sourceId) },
    await sealingKey(secret),
    encoder.encode(writeKey),
  );
  return `v1.${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
}

/** The write key a {@link sealWriteKey} value holds, or null when it cannot be opened (other secret, tampered). */
export async function openWriteKey(secret: string | undefined, sourceId: string, sealed: string | null) {
  const [version, iv, data] = sealed?.split('.') ?? [];
  if (!secret || version !== 'v1' || !iv || !data) return null;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(iv), additionalData: encoder.encode(sourceId) },
      await sealingKey(secret),
      fromBase64(data),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}
