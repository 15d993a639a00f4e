// Encryption at rest of a credential the Worker must use later (e.g. a mail provider's API key): AES-256-GCM
// with a key derived by HKDF-SHA256 from a Worker secret, the purpose as HKDF info and as additional data, so
// a value sealed for one purpose cannot be opened as another. WebCrypto only.

const VERSION = 'v1';
const SALT = new TextEncoder().encode('keepwell/secret-box');

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

async function deriveKey(secret: string, purpose: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: SALT, info: new TextEncoder().encode(purpose) },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/**
 * True for a value {@link sealSecret} made (`v1.<iv>.<ciphertext>`); false for anything else, e.g. a
 * plaintext stored before encryption.
 * @example isSealed('v1.abc.def') // true
 */
export function isSealed(value: string): boolean {
  return /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/.test(value);
}

/**
 * Encrypts `plaintext` for `purpose` under a key derived from `secret`: `v1.<iv>.<ciphertext>`, base64url, a
 * fresh 96-bit IV each time.
 * @example const sealed = await sealSecret('re_123', env.SURVEY_SIGNING_KEY, 'mail-http-api-key')
 */
export async function sealSecret(plaintext: string, secret: string, purpose: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(purpose) },
    await deriveKey(secret, purpose),
    new TextEncoder().encode(plaintext),
  );
  return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ciphertext))}`;
}

/**
 * Decrypts a value of {@link sealSecret}; null when it is not one, or was sealed under another secret or
 * purpose (or altered).
 * @example await openSecret(sealed, env.SURVEY_SIGNING_KEY, 'mail-http-api-key') // 're_123'
 */
export async function openSecret(sealed: string, secret: string, purpose: string): Promise<string | null> {
  if (!isSealed(sealed)) return null;
  const [, ivText, dataText] = sealed.split('.');
  const iv = fromBase64Url(ivText!);
  const data = fromBase64Url(dataText!);
  if (!iv || !data) return null;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(purpose) },
      await deriveKey(secret, purpose),
      data,
    );
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}
