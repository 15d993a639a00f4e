/**
 * What a survey link's token carries. `linkId` names the link row, which holds the contact (a contact's
 * email is deliberately not put in the URL). `expiresAt` is epoch ms, stored in the token at second precision.
 * @example const p: SurveyTokenPayload = { surveyId: 3, accountId: 42, linkId: 1007, expiresAt: Date.UTC(2026, 5, 1) };
 */
export interface SurveyTokenPayload {
  surveyId: number;
  accountId: number;
  linkId: number;
  expiresAt: number;
}

/**
 * The part of WebCrypto's `SubtleCrypto` the tokens use (available in workerd, browsers and Node ≥ 20 as
 * `crypto.subtle`); typed here so `shared/` needs no platform types.
 * @example const subtle: HmacSubtle = crypto.subtle;
 */
export interface HmacSubtle {
  importKey(
    format: 'raw',
    keyData: Uint8Array<ArrayBuffer>,
    algorithm: { name: 'HMAC'; hash: 'SHA-256' },
    extractable: boolean,
    keyUsages: ('sign' | 'verify')[],
  ): Promise<unknown>;
  sign(algorithm: 'HMAC', key: never, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  verify(
    algorithm: 'HMAC',
    key: never,
    signature: Uint8Array<ArrayBuffer>,
    data: Uint8Array<ArrayBuffer>,
  ): Promise<boolean>;
}

/**
 * Why a token was refused: `invalid` (malformed, tampered, signed with another key) or `expired`.
 * @example const r: SurveyTokenResult = { ok: false, reason: 'expired' };
 */
export type SurveyTokenResult =
  | { ok: true; payload: SurveyTokenPayload }
  | { ok: false; reason: 'invalid' | 'expired' };

const TOKEN_VERSION = 1;
// Domain separation: the same secret can never produce a token valid for another purpose.
const CONTEXT = 'keepwell-survey-token:';
/** Longest token accepted before any work is done, characters. */
const MAX_TOKEN_LENGTH = 512;

function defaultSubtle(): HmacSubtle {
  const subtle = (globalThis as { crypto?: { subtle?: HmacSubtle } }).crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto (crypto.subtle) is not available');
  return subtle;
}

// One imported key is reused while the secret stays the same: signing thousands of links must not import
// the key thousands of times.
let lastKey: { secret: string; subtle: HmacSubtle; key: Promise<unknown> } | null = null;

async function hmacKey(secret: string, subtle: HmacSubtle): Promise<never> {
  if (secret.length < 16) throw new RangeError('the survey signing key must be at least 16 characters');
  if (lastKey?.secret !== secret || lastKey.subtle !== subtle) {
    const key = subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    lastKey = { secret, subtle, key };
    key.catch(() => {
      if (lastKey?.key === key) lastKey = null;
    });
  }
  return (await lastKey.key) as never;
}

const isId = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

/**
 * Signs a link token: `<base64url JSON payload>.<base64url HMAC-SHA256>`, URL-safe without escaping.
 * `secret` is the `SURVEY_SIGNING_KEY` (at least 16 characters).
 * @example await signSurveyToken({ surveyId: 3, accountId: 42, linkId: 1007, expiresAt }, env.SURVEY_SIGNING_KEY) // 'eyJ2Ijox….Xk2…'
 */
export async function signSurveyToken(
  payload: SurveyTokenPayload,
  secret: string,
  subtle: HmacSubtle = defaultSubtle(),
): Promise<string> {
  if (!isId(payload.surveyId) || !isId(payload.accountId) || !isId(payload.linkId))
    throw new RangeError('survey, account and link ids must be positive integers');
  if (!Number.isFinite(payload.expiresAt)) throw new RangeError('expiresAt must be epoch milliseconds');
  const body = base64url(
    utf8(
      JSON.stringify({
        v: TOKEN_VERSION,
        s: payload.surveyId,
        a: payload.accountId,
        l: payload.linkId,
        e: Math.floor(payload.expiresAt / 1000),
      }),
    ),
  );
  const key = await hmacKey(secret, subtle);
  const signature = await subtle.sign('HMAC', key, utf8(CONTEXT + body));
  return `${body}.${base64url(new Uint8Array(signature))}`;
}

/**
 * Verifies a link token with the key and reads it. The signature is checked first (in constant time, by
 * WebCrypto), so a tampered token is `invalid` whatever its expiry; a genuine token at or after its
 * expiry (`now`, epoch ms) is `expired`.
 * @example await verifySurveyToken(token, env.SURVEY_SIGNING_KEY, Date.now()) // { ok: true, payload: { surveyId: 3, … } }
 */
export async function verifySurveyToken(
  token: string,
  secret: string,
  now: number,
  subtle: HmacSubtle = defaultSubtle(),
): Promise<SurveyTokenResult> {
  const invalid = { ok: false, reason: 'invalid' } as const;
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return invalid;
  const parts = token.split('.');
  if (parts.length !== 2) return invalid;
  const [body, sig] = parts as [string, string];
  const signature = fromBase64url(sig);
  const bytes = fromBase64url(body);
  if (signature?.length !== 32 || !bytes) return invalid;
  const key = await hmacKey(secret, subtle);
  if (!(await subtle.verify('HMAC', key, signature, utf8(CONTEXT + body)))) return invalid;
  let decoded: unknown;
  try {
    decoded = JSON.parse(fromAscii(bytes));
  } catch {
    return invalid;
  }
  const p = decoded as { v?: unknown; s?: unknown; a?: unknown; l?: unknown; e?: unknown };
  if (p?.v !== TOKEN_VERSION || !isId(p.s) || !isId(p.a) || !isId(p.l) || typeof p.e !== 'number')
    return invalid;
  const payload = { surveyId: p.s, accountId: p.a, linkId: p.l, expiresAt: p.e * 1000 };
  return now >= payload.expiresAt ? { ok: false, reason: 'expired' } : { ok: true, payload };
}

// ---------------------------------------------------------------------------------------------------
// Encodings (shared/ has no TextEncoder or btoa in its lib)

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Map([...ALPHABET].map((ch, i) => [ch, i]));

/**
 * Base64url without padding.
 * @example base64url(new Uint8Array([255, 254])) // '__4'
 */
export function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += ALPHABET[b0 >> 2];
    out += ALPHABET[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)];
    if (b1 !== undefined) out += ALPHABET[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)];
    if (b2 !== undefined) out += ALPHABET[b2 & 63];
  }
  return out;
}

/**
 * Decodes unpadded base64url; null for any other character or an impossible length.
 * @example fromBase64url('__4') // Uint8Array [255, 254]
 */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let n = 0;
  for (const ch of text) {
    const v = LOOKUP.get(ch);
    if (v === undefined) return null;
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (value >> bits) & 255;
    }
  }
  // Leftover bits must be zero, so each byte string has exactly one encoding (no malleable tokens).
  if ((value & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does). */
function utf8(text: string): Uint8Array<ArrayBuffer> {
  const bytes: number[] = [];
  for (const ch of text) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return new Uint8Array(bytes);
}

/** Decodes the token body, which this module wrote as ASCII JSON; any other byte makes it invalid. */
function fromAscii(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b > 0x7e || b < 0x20) throw new SyntaxError('not ASCII');
    out += String.fromCharCode(b);
  }
  return out;
}
