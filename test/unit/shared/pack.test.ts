import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packBySize } from '../../../shared/ingest/pack';

interface Item {
  id: number;
  bytes: number;
}

const items = (...sizes: number[]): Item[] => sizes.map((bytes, id) => ({ id, bytes }));
const sizeOf = (item: Item) => item.bytes;
const ids = (chunks: Item[][]) => chunks.map((chunk) => chunk.map((item) => item.id));

describe('packBySize', () => {
  it('returns no chunks for no items', () => {
    expect(packBySize([], sizeOf, { maxItems: 10, maxBytes: 100 })).toEqual([]);
  });

  it('keeps everything in one chunk when both limits allow it', () => {
    expect(ids(packBySize(items(10, 20, 30), sizeOf, { maxItems: 3, maxBytes: 60 }))).toEqual([[0, 1, 2]]);
  });

  it('starts a new chunk when the next item would exceed maxBytes', () => {
    expect(ids(packBySize(items(60, 60, 10), sizeOf, { maxItems: 10, maxBytes: 100 }))).toEqual([
      [0],
      [1, 2],
    ]);
  });

  it('fills a chunk up to exactly maxBytes', () => {
    expect(ids(packBySize(items(40, 60, 1), sizeOf, { maxItems: 10, maxBytes: 100 }))).toEqual([[0, 1], [2]]);
  });

  it('starts a new chunk when maxItems is reached even if bytes remain', () => {
    expect(ids(packBySize(items(1, 1, 1, 1, 1), sizeOf, { maxItems: 2, maxBytes: 1000 }))).toEqual([
      [0, 1],
      [2, 3],
      [4],
    ]);
  });

  it('gives an item larger than maxBytes a chunk of its own', () => {
    expect(ids(packBySize(items(10, 500, 10), sizeOf, { maxItems: 10, maxBytes: 100 }))).toEqual([
      [0],
      [1],
      [2],
    ]);
  });

  it('gives an oversized first item its own chunk and packs the rest after it', () => {
    expect(ids(packBySize(items(500, 10, 10), sizeOf, { maxItems: 10, maxBytes: 100 }))).toEqual([
      [0],
      [1, 2],
    ]);
  });

  it('keeps input order across chunks', () => {
    const input = items(30, 80, 10, 10, 90, 5, 5);
    const chunks = packBySize(input, sizeOf, { maxItems: 3, maxBytes: 100 });
    expect(ids(chunks)).toEqual([[0], [1, 2, 3], [4, 5, 6]]);
  });

  it('calls sizeOf with each item, e.g. to measure serialized JSON', () => {
    const events = [{ name: 'a'.repeat(40) }, { name: 'b'.repeat(40) }, { name: 'c' }];
    const bytes = (e: { name: string }) => JSON.stringify(e).length;
    const chunks = packBySize(events, bytes, { maxItems: 10, maxBytes: 70 });
    expect(chunks.map((chunk) => chunk.map((e) => e.name[0]))).toEqual([['a'], ['b', 'c']]);
  });

  it('does not mutate its input', () => {
    const input = items(60, 60, 10);
    const copy = structuredClone(input);
    packBySize(input, sizeOf, { maxItems: 1, maxBytes: 100 });
    expect(input).toEqual(copy);
  });
});

describe('packBySize properties', () => {
  const arbitraryCase = fc.record({
    sizes: fc.array(fc.nat({ max: 300 }), { maxLength: 60 }),
    maxItems: fc.integer({ min: 1, max: 12 }),
    maxBytes: fc.integer({ min: 1, max: 400 }),
  });
  const total = (chunk: Item[]) => chunk.reduce((sum, item) => sum + item.bytes, 0);

  it('concatenating the chunks gives back the input, in order, with no empty chunk', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ sizes, maxItems, maxBytes }) => {
        const input = items(...sizes);
        const chunks = packBySize(input, sizeOf, { maxItems, maxBytes });
        expect(chunks.flat()).toEqual(input);
        for (const chunk of chunks) expect(chunk.length).toBeGreaterThan(0);
      }),
    );
  });

  it('every chunk holding more than one item is within both limits', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ sizes, maxItems, maxBytes }) => {
        const chunks = packBySize(items(...sizes), sizeOf, { maxItems, maxBytes });
        for (const chunk of chunks) {
          expect(chunk.length).toBeLessThanOrEqual(maxItems);
          if (chunk.length > 1) expect(total(chunk)).toBeLessThanOrEqual(maxBytes);
        }
      }),
    );
  });

  it('only splits when the next item would break a limit (greedy: no chunk could have taken one more)', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ sizes, maxItems, maxBytes }) => {
        const chunks = packBySize(items(...sizes), sizeOf, { maxItems, maxBytes });
        for (let i = 0; i + 1 < chunks.length; i++) {
          const chunk = chunks[i]!;
          const next = chunks[i + 1]![0]!;
          const fitsOneMore = chunk.length < maxItems && total(chunk) + next.bytes <= maxBytes;
          expect(fitsOneMore).toBe(false);
        }
      }),
    );
  });
});
