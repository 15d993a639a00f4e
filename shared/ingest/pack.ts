/**
 * Greedy packing of items into chunks bounded by count and by serialized bytes, preserving order.
 * Used to fit events into queue messages (128 KB each) and queue messages into `sendBatch` calls
 * (100 messages, 256 KB). An item larger than `maxBytes` gets a chunk of its own.
 * @example packBySize([{ bytes: 60 }, { bytes: 60 }, { bytes: 10 }], (x) => x.bytes, { maxItems: 10, maxBytes: 100 }).length // 2
 */
export function packBySize<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  limits: { maxItems: number; maxBytes: number },
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length >= limits.maxItems || bytes + size > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
