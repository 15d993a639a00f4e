import { describe, expect, it } from 'vitest';
import { type Entry, encodeBody, type KeepwellMessage, takeChunk } from '../../../sdk/src/wire';

// Real messages are at least ~210 bytes, so through the public API the 480 KiB cap always bites before
// the 2,500-message cap; the count limit is therefore checked on synthetic entries.
const entries = (count: number, bytes: number): Entry[] =>
  Array.from({ length: count }, (_, i) => ({
    message: { event: String(i) } as KeepwellMessage,
    json: '1',
    bytes,
  }));

describe('takeChunk', () => {
  it('takes at most 2500 messages even when they would fit the byte limit', () => {
    const queue = entries(2600, 1);
    expect(takeChunk(queue, 1_000_000, 0)).toHaveLength(2500);
    expect(queue).toHaveLength(100);
  });

  it('stops before the entry that would push the body over maxBytes, counting separators', () => {
    // envelope 20 + 3 × (10 + 1 comma) = 53 fits in 53; a fourth would need 64.
    expect(takeChunk(entries(5, 10), 53, 20)).toHaveLength(3);
    expect(takeChunk(entries(5, 10), 52, 20)).toHaveLength(2);
  });

  it('always takes one entry so a caller draining the queue makes progress', () => {
    expect(takeChunk(entries(2, 100), 10, 0)).toHaveLength(1);
  });

  it('encodeBody joins the pre-serialised messages and adds writeKey only when given', () => {
    const two = entries(2, 1);
    expect(encodeBody(two, '2025-01-01T00:00:00.000Z')).toBe(
      '{"batch":[1,1],"sentAt":"2025-01-01T00:00:00.000Z"}',
    );
    expect(JSON.parse(encodeBody(two, 'now', 'wk"1'))).toEqual({
      batch: [1, 1],
      sentAt: 'now',
      writeKey: 'wk"1',
    });
  });
});
