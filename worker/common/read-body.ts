import { INGEST_LIMITS } from '../../shared/ingest/limits';
import { ApiError } from './errors';

const tooLarge = () =>
  new ApiError({
    code: 'REQUEST_TOO_LARGE',
    message: `request body exceeds ${INGEST_LIMITS.maxRequestBytes} bytes (after decompression)`,
  });

async function readLimited(
  stream: ReadableStream<Uint8Array>,
  limit: number,
  tooBig: () => ApiError = tooLarge,
): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooBig();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Reads a request body whatever its Content-Type, gunzipping it when it is gzip (by header or by magic
 * bytes, since some runtimes decompress before the Worker sees the body). The 500 KB limit applies to the
 * decompressed bytes and is enforced while streaming, so a gzip bomb is cut off early.
 */
export async function readIngestBody(req: Request): Promise<Uint8Array> {
  const limit = INGEST_LIMITS.maxRequestBytes;
  const lengthHeader = req.headers.get('Content-Length');
  const declared = Number(lengthHeader ?? 0);
  if (declared > limit) throw tooLarge();
  if (!req.body) return new Uint8Array();
  // With a declared length the runtime delivers exactly that many bytes, so one arrayBuffer() is bounded;
  // it is several times cheaper than pulling a 25 KB body chunk by chunk. Chunked bodies stream with a cap.
  const raw =
    lengthHeader !== null && /^\d+$/.test(lengthHeader)
      ? new Uint8Array(await req.arrayBuffer())
      : await readLimited(req.body, limit);
  if (raw.byteLength > limit) throw tooLarge();
  const isGzip = raw.byteLength >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  // A body declared gzip without the magic bytes was already decompressed by the platform.
  if (!isGzip) return raw;
  try {
    const stream = new Blob([raw]).stream().pipeThrough(new DecompressionStream('gzip'));
    return await readLimited(stream, limit);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError({ code: 'INVALID_GZIP', message: 'body is not valid gzip' });
  }
}

/**
 * Reads a small request body of at most `limitBytes` (no gzip): a declared Content-Length over the limit
 * is refused without reading a byte, and a chunked body is cut off as soon as it passes the limit, so a
 * huge body costs neither time nor memory. 400 REQUEST_TOO_LARGE otherwise.
 * @example const bytes = await readCappedBody(c.req.raw, 8192)
 */
export async function readCappedBody(req: Request, limitBytes: number): Promise<Uint8Array> {
  const tooBig = () =>
    new ApiError({ code: 'REQUEST_TOO_LARGE', message: `request body exceeds ${limitBytes} bytes` });
  if (Number(req.headers.get('Content-Length') ?? 0) > limitBytes) throw tooBig();
  if (!req.body) return new Uint8Array();
  return readLimited(req.body, limitBytes, tooBig);
}
