import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  base64url,
  fromBase64url,
  type SurveyTokenPayload,
  signSurveyToken,
  verifySurveyToken,
} from '../../../shared/surveys';

const KEY = 'test-survey-signing-key-0123456789';
const NOW = Date.UTC(2026, 3, 1, 12);
const payload: SurveyTokenPayload = { surveyId: 3, accountId: 42, linkId: 1007, expiresAt: NOW + 86_400_000 };

/** Flips one character of the token at `index` to another base64url character. */
function flip(token: string, index: number): string {
  const ch = token[index]!;
  return token.slice(0, index) + (ch === 'A' ? 'B' : 'A') + token.slice(index + 1);
}

describe('survey tokens', () => {
  it('round-trips: a signed token verifies to its payload', async () => {
    const token = await signSurveyToken(payload, KEY);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(await verifySurveyToken(token, KEY, NOW)).toEqual({ ok: true, payload });
  });

  it('works with an explicitly passed WebCrypto', async () => {
    const token = await signSurveyToken(payload, KEY, webcrypto.subtle);
    expect((await verifySurveyToken(token, KEY, NOW, webcrypto.subtle)).ok).toBe(true);
  });

  it('rejects a tampered body or signature as invalid', async () => {
    const token = await signSurveyToken(payload, KEY);
    const dot = token.indexOf('.');
    for (const i of [0, 5, dot - 2, dot + 1, token.length - 2]) {
      expect(await verifySurveyToken(flip(token, i), KEY, NOW), `flip at ${i}`).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });

  it('rejects a token whose payload was swapped for another link', async () => {
    const mine = await signSurveyToken(payload, KEY);
    const other = await signSurveyToken({ ...payload, linkId: 1008 }, KEY);
    const forged = `${other.split('.')[0]}.${mine.split('.')[1]}`;
    expect(await verifySurveyToken(forged, KEY, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('rejects a token signed with another key', async () => {
    const token = await signSurveyToken(payload, 'another-key-of-sufficient-length');
    expect(await verifySurveyToken(token, KEY, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('rejects garbage without throwing', async () => {
    for (const t of ['', '.', 'abc', 'a.b.c', '!!!.???', `${'A'.repeat(600)}.x`, 'eyJ2IjoxfQ.']) {
      expect(await verifySurveyToken(t, KEY, NOW)).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('is expired at and after its expiry, valid just before', async () => {
    const token = await signSurveyToken(payload, KEY);
    expect((await verifySurveyToken(token, KEY, payload.expiresAt - 1000)).ok).toBe(true);
    expect(await verifySurveyToken(token, KEY, payload.expiresAt)).toEqual({ ok: false, reason: 'expired' });
    expect(await verifySurveyToken(token, KEY, payload.expiresAt + 1)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('reports a tampered expired token as invalid, not expired', async () => {
    const token = await signSurveyToken(payload, KEY);
    expect(await verifySurveyToken(flip(token, 3), KEY, payload.expiresAt + 1)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses short keys and non-integer ids', async () => {
    await expect(signSurveyToken(payload, 'short')).rejects.toThrow(/at least 16/);
    await expect(signSurveyToken({ ...payload, linkId: 1.5 }, KEY)).rejects.toThrow(RangeError);
    await expect(signSurveyToken({ ...payload, accountId: 0 }, KEY)).rejects.toThrow(RangeError);
  });
});

describe('base64url', () => {
  it('round-trips every length and matches Node', () => {
    for (let n = 0; n < 20; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 250) % 256);
      const text = base64url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64url(text)).toEqual(bytes);
    }
  });

  it('rejects foreign characters, impossible lengths and non-canonical endings', () => {
    expect(fromBase64url('ab+c')).toBeNull();
    expect(fromBase64url('abcde')).toBeNull();
    // '__4' is canonical for [255, 254]; '__5' sets a leftover bit.
    expect(fromBase64url('__5')).toBeNull();
  });
});
