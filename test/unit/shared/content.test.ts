import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectContent, isStorableText, mayHoldUnstorableText } from '../../../shared/ingest/content';
import { INGEST_LIMITS } from '../../../shared/ingest/limits';

/** An object nested `levels` deep: `{ a: { a: … { a: 1 } } }`, the outer object being level 1. */
function nestedObject(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 1 };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}
/** An array nested `levels` deep: `[[…[1]…]]`. */
function nestedArray(levels: number): unknown[] {
  let value: unknown[] = [1];
  for (let i = 1; i < levels; i++) value = [value];
  return value;
}

describe('inspectContent depth', () => {
  const max = INGEST_LIMITS.maxDepth;

  it('accepts a field nested exactly 64 levels (the field itself being level 1)', () => {
    expect(max).toBe(64);
    for (const field of ['properties', 'traits', 'context', 'integrations']) {
      expect(inspectContent({ [field]: nestedObject(max) })).toBeUndefined();
      expect(inspectContent({ [field]: nestedArray(max) })).toBeUndefined();
    }
  });

  it('rejects one level more as TOO_DEEP, naming the top-level key', () => {
    for (const field of ['properties', 'traits', 'context', 'integrations', 'unknownKey']) {
      expect(inspectContent({ type: 'track', [field]: nestedObject(max + 1) })).toEqual({
        code: 'TOO_DEEP',
        path: [field],
      });
    }
    expect(inspectContent({ properties: { list: [{ x: nestedArray(max - 2) }] } })).toEqual({
      code: 'TOO_DEEP',
      path: ['properties'],
    });
  });

  it('walks 10,000 and 100,000 levels without overflowing the stack', () => {
    for (const levels of [10_000, 100_000]) {
      const deep = JSON.parse(`{"properties":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`);
      expect(inspectContent(deep)).toEqual({ code: 'TOO_DEEP', path: ['properties'] });
      const arrays = JSON.parse(`{"traits":{"x":${'['.repeat(levels)}${']'.repeat(levels)}}}`);
      expect(inspectContent(arrays)).toEqual({ code: 'TOO_DEEP', path: ['traits'] });
    }
  });

  it('is not fooled by a wide value: many siblings at a shallow level are fine', () => {
    const wide = {
      properties: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, [{ i }]])),
    };
    expect(inspectContent(wide)).toBeUndefined();
  });

  it('finds the deepest level of any generated JSON value exactly', () => {
    /** The nesting depth of a JSON value, recursively (fine for the small values generated here). */
    const depth = (v: unknown): number =>
      typeof v === 'object' && v !== null ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 70 }), (value, pad) => {
        const padded = pad > 0 ? { p: nestedArrayAround(value, pad) } : { p: value };
        const expected = depth(padded.p) > max ? 'TOO_DEEP' : undefined;
        expect(inspectContent(padded)?.code).toBe(expected);
      }),
      { seed: 10, numRuns: 500 },
    );
  });
});

/** `value` wrapped in `levels` arrays. */
function nestedArrayAround(value: unknown, levels: number): unknown {
  let out = value;
  for (let i = 0; i < levels; i++) out = [out];
  return out;
}

describe('inspectContent text', () => {
  const lone = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'cut \uD83D', '\uDE00 tail', 'a\uDC00\uD800b'];

  it('accepts well-formed text: CJK, emoji (surrogate pairs), U+FFFD, U+FFFF and control characters but NUL', () => {
    const text = ['株式会社', '🚀👩‍💻', '\uFFFD', '\uFFFF', '\u0001\u001f', 'tab\there', '\u{10FFFF}'];
    for (const s of text) {
      expect(isStorableText(s), JSON.stringify(s)).toBe(true);
      expect(inspectContent({ userId: s, properties: { [s]: s, list: [s] } })).toBeUndefined();
    }
  });

  it('rejects a lone surrogate or a NUL in any value or key, at any depth', () => {
    for (const s of [...lone, 'a\u0000b', '\u0000']) {
      expect(isStorableText(s), JSON.stringify(s)).toBe(false);
      expect(inspectContent({ userId: s })).toEqual({ code: 'INVALID_UNICODE', path: ['userId'] });
      expect(inspectContent({ event: 'ok', properties: { nested: [{ v: s }] } })).toEqual({
        code: 'INVALID_UNICODE',
        path: ['properties'],
      });
      expect(inspectContent({ traits: { [s]: 1 } })).toEqual({ code: 'INVALID_UNICODE', path: ['traits'] });
      expect(inspectContent({ [s]: 1 })).toEqual({ code: 'INVALID_UNICODE', path: [] });
    }
  });

  it('checks only depth when told the text was checked already', () => {
    expect(inspectContent({ userId: '\uD800', properties: { k: '\u0000' } }, false)).toBeUndefined();
    expect(inspectContent({ properties: nestedObject(65) }, false)?.code).toBe('TOO_DEEP');
  });

  it('agrees with String#isWellFormed (and no NUL) on generated strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (s) => {
        const wellFormed = (s as unknown as { isWellFormed(): boolean }).isWellFormed();
        expect(isStorableText(s)).toBe(wellFormed && !s.includes('\0'));
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

describe('mayHoldUnstorableText', () => {
  it('says JSON text without a \\u escape cannot decode to a lone surrogate or a NUL', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        const json = JSON.stringify(value);
        if (!mayHoldUnstorableText(json)) expect(inspectContent({ v: JSON.parse(json) })).toBeUndefined();
      }),
      { seed: 12, numRuns: 300 },
    );
    expect(mayHoldUnstorableText(JSON.stringify({ e: '\uD800' }))).toBe(true);
    expect(mayHoldUnstorableText(JSON.stringify({ e: '\u0000' }))).toBe(true);
    expect(mayHoldUnstorableText('{"e":"株式会社 🚀"}')).toBe(false);
  });
});
