import { base64url, fromBase64url } from '../../shared/surveys';

// Domain separation: a survey-link token can never pass as an unsubscribe token, nor the reverse.
const CONTEXT = 'keepwell-unsubscribe:';

async function key(secret: string) {
  return crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
}

/**
 * The one-click unsubscribe token of a survey link: `<link id>.<HMAC-SHA256>` with the survey signing key. It
 * names the link (whose row holds the address), not the address, and does not expire: an old mail's link
 * must still unsubscribe.
 * @example await signUnsubscribeToken(1007, env.SURVEY_SIGNING_KEY) // '1007.Xk2…'
 */
export async function signUnsubscribeToken(linkId: number, secret: string): Promise<string> {
  const sig = await crypto.subtle.sign(
    'HMAC',
    await key(secret),
    new TextEncoder().encode(`${CONTEXT}${linkId}`),
  );
  return `${linkId}.${base64url(new Uint8Array(sig))}`;
}

/**
 * The link id of a genuine token, or null (malformed, tampered, another key).
 * @example await verifyUnsubscribeToken(token, env.SURVEY_SIGNING_KEY) // 1007
 */
export async function verifyUnsubscribeToken(token: string, secret: string): Promise<number | null> {
  const match = /^([1-9]\d{0,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const linkId = Number(match[1]);
  const sig = fromBase64url(match[2]!);
  if (!sig || !Number.isSafeInteger(linkId)) return null;
  const ok = await crypto.subtle.verify(
    'HMAC',
    await key(secret),
    sig,
    new TextEncoder().encode(`${CONTEXT}${linkId}`),
  );
  return ok ? linkId : null;
}

/** The public unsubscribe URL of a token. */
export const unsubscribeUrl = (origin: string, token: string) =>
  `${origin.replace(/\/+$/, '')}/s/unsubscribe/${token}`;
