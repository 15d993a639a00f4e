import {
  INGEST_LIMITS,
  type MessageError,
  type MessageType,
  type NormalizedEvent,
  normalizeMessage,
  validateMessage,
} from '../../shared/ingest';
import { ApiError } from '../common/errors';
import { fallbackMessageId } from './message-id';

const encoder = new TextEncoder();
const byteLength = (value: unknown) => encoder.encode(JSON.stringify(value)).byteLength;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Accepted {
  events: NormalizedEvent[];
  rejected: MessageError[];
}

export interface AcceptContext {
  sourceId: string;
  receivedAt: number;
  forcedType?: MessageType;
  batch?: Record<string, unknown>;
  /** Whether a message could exceed 32 KB (no message can when the whole body is smaller). */
  checkSizes?: boolean;
  /** Whether strings may hold a lone surrogate or NUL (false when the body's JSON has no `\u` escape). */
  checkText?: boolean;
}

/**
 * Validates and normalizes messages, one by one (the fast path of `validateMessage`); limits that Segment
 * answers with 400 throw, other invalid messages are returned as `rejected`.
 * @example const { events, rejected } = await acceptMessages(body.batch, { sourceId, receivedAt: Date.now() })
 */
export async function acceptMessages(raws: unknown[], ctx: AcceptContext): Promise<Accepted> {
  const out: Accepted = { events: [], rejected: [] };
  const batchSentAt = typeof ctx.batch?.sentAt === 'string' ? ctx.batch.sentAt : null;
  const batchContext = isRecord(ctx.batch?.context) ? ctx.batch.context : null;
  const options = { checkText: ctx.checkText ?? true };
  for (let index = 0; index < raws.length; index++) {
    const raw = raws[index];
    // Validation comes first: it bounds the depth, so the JSON.stringify of the size check (and of the
    // content-hash messageId) cannot overflow the stack. A message too deep to measure is rejected as such.
    const result = validateMessage(raw, index, ctx.forcedType, options);
    if (
      ctx.checkSizes &&
      (result.ok || result.error.code !== 'TOO_DEEP') &&
      byteLength(raw) > INGEST_LIMITS.maxMessageBytes
    ) {
      throw ctx.forcedType
        ? new ApiError({
            code: 'MESSAGE_TOO_LARGE',
            message: `message exceeds ${INGEST_LIMITS.maxMessageBytes} bytes`,
          })
        : new ApiError({
            code: 'MESSAGE_TOO_LARGE',
            message: `message ${index} exceeds ${INGEST_LIMITS.maxMessageBytes} bytes`,
            issues: [{ index, code: 'MESSAGE_TOO_LARGE' }],
          });
    }
    if (!result.ok) {
      out.rejected.push(result.error);
      continue;
    }
    const fallback = result.message.messageId
      ? ''
      : await fallbackMessageId(raw as Record<string, unknown>, ctx.sourceId);
    out.events.push(
      normalizeMessage(result.message, {
        receivedAt: ctx.receivedAt,
        batchSentAt,
        batchContext,
        fallbackMessageId: fallback,
      }),
    );
  }
  return out;
}
