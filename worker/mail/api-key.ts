import type { Db } from '../common/db';
import type { Env } from '../common/env';
import { ApiError } from '../common/errors';
import { isSealed, openSecret, sealSecret } from '../common/secret-box';
import { replaceLegacyApiKey } from './store';

// The HTTP mail API key is stored encrypted (AES-GCM, key derived from SURVEY_SIGNING_KEY by HKDF): a copy of
// the database alone does not give it away. SURVEY_SIGNING_KEY is the secret every install sets (`npm start`
// writes it; surveys refuse to work without it); ADMIN_TOKEN is a break-glass credential meant to be rotated.
const PURPOSE = 'mail-http-api-key';

function secretOf(env: Pick<Env, 'SURVEY_SIGNING_KEY'>): string | null {
  const secret = env.SURVEY_SIGNING_KEY;
  return secret && secret.length >= 16 ? secret : null;
}

/**
 * The API key as stored: sealed, or 503 when the Worker has no SURVEY_SIGNING_KEY to seal it with (it is
 * never stored in the clear).
 * @example await sealMailApiKey(c.env, 're_123') // 'v1.…'
 */
export async function sealMailApiKey(env: Pick<Env, 'SURVEY_SIGNING_KEY'>, apiKey: string): Promise<string> {
  const secret = secretOf(env);
  if (!secret)
    throw new ApiError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'storing a mail API key needs the SURVEY_SIGNING_KEY secret (at least 16 characters)',
    });
  return sealSecret(apiKey, secret, PURPOSE);
}

/**
 * The stored API key in the clear, for the sender only, or why it cannot be had. A key stored before
 * encryption (plaintext) is used and sealed in place, once, when the secret is there.
 * @example const { apiKey, problem } = await openMailApiKey(env, db, config.apiKey)
 */
export async function openMailApiKey(
  env: Pick<Env, 'SURVEY_SIGNING_KEY'>,
  db: Db,
  stored: string | null,
  now: number,
): Promise<{ apiKey: string | null; problem: string | null }> {
  if (stored === null) return { apiKey: null, problem: null };
  const secret = secretOf(env);
  if (!isSealed(stored)) {
    if (secret) await replaceLegacyApiKey(db, stored, await sealSecret(stored, secret, PURPOSE), now);
    return { apiKey: stored, problem: null };
  }
  if (!secret)
    return { apiKey: null, problem: 'the mail API key cannot be decrypted: SURVEY_SIGNING_KEY is not set' };
  const apiKey = await openSecret(stored, secret, PURPOSE);
  return apiKey === null
    ? {
        apiKey: null,
        problem:
          'the stored mail API key cannot be decrypted (SURVEY_SIGNING_KEY changed?): enter it again in Settings → Mail',
      }
    : { apiKey, problem: null };
}
