import { openSecret, sealSecret } from '../common/secret-box';

// Write keys are looked up by hash, but an admin must be able to copy the real key into a snippet later
// (Segment and RudderStack show theirs at any time). So the key is also kept sealed (common/secret-box.ts:
// AES-GCM under a key derived from SURVEY_SIGNING_KEY): a database copy alone does not reveal write keys.
// Rotating that secret makes the sealed keys unreadable; they keep working, and a new source gives a new key.

/** The purpose binds a sealed key to its source: copied to another row, it does not open. */
const purpose = (sourceId: string) => `write-key:${sourceId}`;

/**
 * Seals a write key for storage; null without a secret.
 * @example await sealWriteKey(env.SURVEY_SIGNING_KEY, source.id, 'kw_…') // 'v1.<iv>.<ciphertext>'
 */
export async function sealWriteKey(secret: string | undefined, sourceId: string, writeKey: string) {
  return secret ? sealSecret(writeKey, secret, purpose(sourceId)) : null;
}

/** The write key a {@link sealWriteKey} value holds, or null when it cannot be opened (other secret, tampered). */
export async function openWriteKey(secret: string | undefined, sourceId: string, sealed: string | null) {
  return secret && sealed ? openSecret(sealed, secret, purpose(sourceId)) : null;
}
