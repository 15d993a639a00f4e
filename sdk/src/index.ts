import { type HideTargets, listenForHide } from './hide';
import { backoffMs, parseRetryAfterMs } from './retry';
import {
  basicAuth,
  byteLength,
  type Entry,
  encodeBody,
  type KeepwellMessage,
  LIBRARY,
  MAX_BATCH_BYTES,
  MAX_KEEPALIVE_BYTES,
  MAX_MESSAGE_BYTES,
  type Payload,
  randomId,
  takeChunk,
  toEntry,
} from './wire';

export type { BeaconNavigator, HideTargets } from './hide';
export { SDK_VERSION } from './version';
export type { KeepwellMessage, Payload } from './wire';

/** Default API base URL; `/v1/batch` is appended. */
export const DEFAULT_HOST = 'https://api.keepwell.example';

/**
 * Why a message never reached (or was refused by) the server.
 * - `QUEUE_OVERFLOW`: the queue held `maxQueueSize` messages; the oldest was dropped.
 * - `MESSAGE_TOO_LARGE`: one message serialised to more than 32 KiB.
 * - `INVALID_MESSAGE`: traits/properties could not be JSON-serialised (cycle, BigInt).
 * - `REQUEST_REJECTED`: the server answered 4xx (not 429); the batch is not retried.
 * - `RETRIES_EXHAUSTED`: network errors, 429 or 5xx persisted past `maxRetries`.
 * - `MESSAGE_REJECTED`: the server accepted the batch but refused this message (see `rejection`).
 * - `CLIENT_CLOSED`: a call was made after `close()`.
 */
export type KeepwellErrorCode =
  | 'QUEUE_OVERFLOW'
  | 'MESSAGE_TOO_LARGE'
  | 'INVALID_MESSAGE'
  | 'REQUEST_REJECTED'
  | 'RETRIES_EXHAUSTED'
  | 'MESSAGE_REJECTED'
  | 'CLIENT_CLOSED';

/** One entry of `rejected` in the server's 200 response; `index` points into the sent batch. */
export interface BatchRejection {
  index: number;
  code: string;
  message: string;
}

/**
 * The value passed to `onError`. Every code except `MESSAGE_REJECTED` means the messages were discarded
 * by the client and counted in `dropped`.
 *
 * @example
 * createKeepwell({ writeKey, onError: (error) => console.warn(error.code, error.messages.length, error.status) });
 */
export interface KeepwellError extends Error {
  code: KeepwellErrorCode;
  /** The affected messages. */
  messages: KeepwellMessage[];
  /** HTTP status of the last response, when there was one. */
  status?: number;
  /** The server's reason, for `MESSAGE_REJECTED`. */
  rejection?: BatchRejection;
}

/** Per-call overrides, mainly for servers that report on behalf of many users from one client. */
export interface CallOptions {
  /** When `userId` or `anonymousId` is given, the client's remembered identity and groupId are not used for this call. */
  userId?: string;
  anonymousId?: string;
  /** Time the event happened; defaults to the time of the call. */
  timestamp?: Date | string;
  /** Extra context fields (ip, userAgent, groupId, …); `library` is always the SDK's own. */
  context?: Payload;
}

/**
 * Options of {@link createKeepwell}. Only `writeKey` is required.
 *
 * @example
 * const options: KeepwellOptions = { writeKey: 'wk_live_123', host: 'https://keepwell.acme.io', flushAt: 50 };
 */
export interface KeepwellOptions {
  /** Source write key; sent as the Basic-auth user name (or in the body for beacons). */
  writeKey: string;
  /** API base URL without `/v1/batch`. Default {@link DEFAULT_HOST}. */
  host?: string;
  /** Send as soon as this many messages are queued. Default 20. */
  flushAt?: number;
  /** Milliseconds after the first queued message before the queue is sent anyway. Default 10000. */
  flushInterval?: number;
  /** Messages kept while waiting; beyond this the oldest is dropped. Default 1000. */
  maxQueueSize?: number;
  /** Retries after the first attempt on network error, 429 or 5xx. Default 5. */
  maxRetries?: number;
  /** First retry waits between base/2 and base milliseconds, doubling each retry. Default 500. */
  backoffBaseMs?: number;
  /** Upper bound of one backoff delay in milliseconds (Retry-After may exceed it). Default 30000. */
  backoffMaxMs?: number;
  /** Initial identity, e.g. restored from your own storage. */
  userId?: string;
  anonymousId?: string;
  groupId?: string;
  /** Called for every dropped or rejected message; exceptions it throws are swallowed. */
  onError?: (error: KeepwellError) => void;
  /** Send queued messages by beacon when the page is hidden. Default true (no-op outside browsers). */
  flushOnHide?: boolean;
  /** Injectable for tests; default the global `fetch`. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Epoch milliseconds; default `Date.now()`. */
  now?: () => number;
  /** Source of numbers in [0, 1) for backoff jitter; default `Math.random`. */
  random?: () => number;
  setTimeout?: (callback: () => void, delayMs: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  /** Injectable for tests; default the globals (absent in Node, which disables beacons). */
  document?: HideTargets['document'];
  window?: HideTargets['window'];
  navigator?: HideTargets['navigator'];
}

/**
 * A Keepwell client. Calls never throw and return the message's `messageId`; delivery is asynchronous.
 *
 * @example
 * const keepwell = createKeepwell({ writeKey: 'wk_live_123' });
 * keepwell.identify('user_42', { email: 'ada@example.com' });
 * keepwell.track('Report Exported', { format: 'csv' });
 * await keepwell.close();
 */
export interface KeepwellClient {
  /** Remembers `userId` for later calls and sends an identify message with `traits`. */
  identify(userId: string, traits?: Payload, options?: CallOptions): string;
  /** Remembers `groupId` (attached as `context.groupId` to later track/page) and sends a group message. */
  group(groupId: string, traits?: Payload, options?: CallOptions): string;
  track(event: string, properties?: Payload, options?: CallOptions): string;
  page(name?: string, properties?: Payload, options?: CallOptions): string;
  /** Sends everything queued; resolves once the queue is empty (delivered or dropped). Never rejects. */
  flush(): Promise<void>;
  /** Flushes, stops timers and page listeners; later calls are dropped with `CLIENT_CLOSED`. */
  close(): Promise<void>;
  /** Forgets userId, groupId and anonymousId (e.g. on logout); a new anonymousId is generated when needed. */
  reset(): void;
  /** Messages discarded by the client so far (every onError code except MESSAGE_REJECTED). */
  readonly dropped: number;
  /** Messages waiting in the queue, excluding the batch in flight. */
  readonly pending: number;
}

type Fields = Pick<
  KeepwellMessage,
  'type' | 'traits' | 'event' | 'properties' | 'name' | 'groupId' | 'userId'
>;

const iso = (ms: number): string => new Date(ms).toISOString();
const isRetryable = (status: number): boolean => status === 429 || status >= 500;

/**
 * Creates a client that batches messages to `${host}/v1/batch` in Segment's wire format,
 * retrying network errors, 429 and 5xx with exponential backoff, one request at a time.
 *
 * @throws TypeError when `writeKey` is missing
 * @example
 * import { createKeepwell } from 'keepwell-sdk';
 * const keepwell = createKeepwell({ writeKey: 'wk_live_123', host: 'https://keepwell.acme.io' });
 * keepwell.group('acct_9', { plan: 'pro' });
 * keepwell.page('Dashboard');
 */
export function createKeepwell(options: KeepwellOptions): KeepwellClient {
  if (!options?.writeKey) throw new TypeError('Keepwell: writeKey is required');
  const {
    writeKey,
    flushAt = 20,
    flushInterval = 10_000,
    maxQueueSize = 1000,
    maxRetries = 5,
    backoffBaseMs = 500,
    backoffMaxMs = 30_000,
    onError,
    now = () => Date.now(),
    random = Math.random,
  } = options;
  const url = `${(options.host ?? DEFAULT_HOST).replace(/\/+$/, '')}/v1/batch`;
  const auth = basicAuth(writeKey);
  // Globals are looked up at call time: calling them detached from `window` throws "Illegal invocation".
  const post = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  const setTimer =
    options.setTimeout ?? ((callback: () => void, delayMs: number) => setTimeout(callback, delayMs));
  const clearTimer = options.clearTimeout ?? ((handle: unknown) => clearTimeout(handle as number));
  const envelopeBytes = byteLength(encodeBody([], iso(0)));
  const beaconEnvelopeBytes = byteLength(encodeBody([], iso(0), writeKey));
  const targets: HideTargets = {
    document: options.document ?? globalThis.document,
    window: options.window ?? globalThis.window,
    navigator: options.navigator ?? globalThis.navigator,
  };

  let { userId, anonymousId, groupId } = options;
  const queue: Entry[] = [];
  let inflight: Entry[] = [];
  let timer: unknown;
  let running: Promise<void> | undefined;
  let closed = false;
  let dropped = 0;

  function report(code: KeepwellErrorCode, text: string, messages: KeepwellMessage[], extra?: object): void {
    if (code !== 'MESSAGE_REJECTED') dropped += messages.length;
    try {
      onError?.(Object.assign(new Error(`Keepwell: ${text}`), { code, messages }, extra));
    } catch {
      // A faulty handler must not stall delivery of the remaining messages.
    }
  }

  function schedule(): void {
    if (timer !== undefined || closed || !queue.length) return;
    timer = setTimer(() => {
      timer = undefined;
      void flush();
    }, flushInterval);
  }

  function cancelTimer(): void {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
  }

  function enqueue({ type, ...fields }: Fields, call: CallOptions = {}): string {
    // Explicit identity means "this call is about someone else": remembered state must not leak into it.
    const explicit = call.userId !== undefined || call.anonymousId !== undefined;
    const uid = explicit ? call.userId : userId;
    if (!explicit && !uid && !anonymousId) anonymousId = randomId();
    const aid = explicit ? call.anonymousId : anonymousId;
    const contextGroupId = !explicit && (type === 'track' || type === 'page') ? groupId : undefined;
    // An unparseable timestamp must not make the call throw; the call time is the best substitute.
    const atMs = new Date(call.timestamp ?? Number.NaN).getTime();
    const message: KeepwellMessage = {
      type,
      messageId: randomId(),
      timestamp: iso(Number.isNaN(atMs) ? now() : atMs),
      ...(uid ? { userId: uid } : {}),
      ...(aid ? { anonymousId: aid } : {}),
      context: { ...(contextGroupId ? { groupId: contextGroupId } : {}), ...call.context, library: LIBRARY },
      ...fields,
    };
    if (closed) {
      report('CLIENT_CLOSED', 'client is closed', [message]);
      return message.messageId;
    }
    let entry: Entry;
    try {
      entry = toEntry(message);
    } catch (cause) {
      report('INVALID_MESSAGE', 'message is not JSON-serialisable', [message], { cause });
      return message.messageId;
    }
    if (entry.bytes > MAX_MESSAGE_BYTES) {
      report('MESSAGE_TOO_LARGE', `message is ${entry.bytes} bytes; the limit is ${MAX_MESSAGE_BYTES}`, [
        message,
      ]);
      return message.messageId;
    }
    queue.push(entry);
    if (queue.length > maxQueueSize) {
      const oldest = queue.splice(0, queue.length - maxQueueSize);
      report(
        'QUEUE_OVERFLOW',
        `queue holds ${maxQueueSize} messages; dropped the oldest`,
        messagesOf(oldest),
      );
    }
    if (queue.length >= flushAt) void flush();
    else schedule();
    return message.messageId;
  }

  function flush(): Promise<void> {
    cancelTimer();
    running ??= drain().finally(() => {
      running = undefined;
      schedule();
    });
    return running;
  }

  async function drain(): Promise<void> {
    // One batch at a time; messages queued meanwhile go out in the next iteration.
    while (queue.length) {
      inflight = takeChunk(queue, MAX_BATCH_BYTES, envelopeBytes);
      await send(inflight);
      inflight = [];
    }
  }

  async function send(entries: Entry[]): Promise<void> {
    const messages = messagesOf(entries);
    // Built once: every retry carries byte-identical messageIds, which the server dedupes on.
    const body = encodeBody(entries, iso(now()));
    for (let attempt = 0; ; attempt++) {
      let response: Response | undefined;
      let cause: unknown;
      try {
        const headers: Record<string, string> = { Authorization: auth, 'Content-Type': 'application/json' };
        if (attempt) headers['X-Retry-Count'] = String(attempt);
        response = await post(url, { method: 'POST', headers, body });
      } catch (error) {
        cause = error;
      }
      const status = response?.status;
      if (response?.ok) return reportRejections(response, messages);
      if (status !== undefined && !isRetryable(status)) {
        return report('REQUEST_REJECTED', `server answered ${status}`, messages, { status });
      }
      if (attempt >= maxRetries) {
        return report('RETRIES_EXHAUSTED', `gave up after ${attempt + 1} attempts`, messages, {
          status,
          cause,
        });
      }
      const waitMs =
        parseRetryAfterMs(response?.headers.get('Retry-After') ?? null, now()) ??
        backoffMs(attempt + 1, backoffBaseMs, backoffMaxMs, random);
      await new Promise<void>((resolve) => setTimer(resolve, waitMs));
    }
  }

  async function reportRejections(response: Response, messages: KeepwellMessage[]): Promise<void> {
    let result: { rejected?: unknown } | null;
    try {
      result = await response.json();
    } catch {
      return; // An empty or non-JSON 200 is a plain success.
    }
    const rejected = result?.rejected;
    if (!Array.isArray(rejected)) return;
    for (const rejection of rejected as BatchRejection[]) {
      const message = messages[rejection?.index];
      if (message)
        report('MESSAGE_REJECTED', `${rejection.code}: ${rejection.message}`, [message], { rejection });
    }
  }

  function requeue(entries: Entry[]): void {
    // Entries still owned by the in-flight request will be retried by it; the rest go back to the front.
    const orphans = entries.filter((entry) => !inflight.includes(entry));
    for (const entry of orphans) entry.beaconed = false;
    queue.unshift(...orphans);
    schedule();
  }

  /** Synchronous by necessity: after pagehide the page may be gone before any promise settles. */
  function sendOnHide(): void {
    cancelTimer();
    // The in-flight fetch dies with the page, so its messages ride along once; the server dedupes by messageId.
    const entries = [...inflight.filter((entry) => !entry.beaconed), ...queue.splice(0)];
    while (entries.length) {
      const chunk = takeChunk(entries, MAX_KEEPALIVE_BYTES, beaconEnvelopeBytes);
      for (const entry of chunk) entry.beaconed = true;
      const body = encodeBody(chunk, iso(now()), writeKey);
      let queued = false;
      try {
        // text/plain is CORS-safelisted: no preflight, which beacons cannot do.
        queued = !!targets.navigator?.sendBeacon?.(url, new Blob([body], { type: 'text/plain' }));
      } catch {
        // Some browsers throw instead of returning false; fall through to keepalive.
      }
      if (!queued) sendKeepalive(chunk, body);
    }
  }

  function sendKeepalive(chunk: Entry[], body: string): void {
    const messages = messagesOf(chunk);
    try {
      post(url, { method: 'POST', keepalive: true, headers: { 'Content-Type': 'text/plain' }, body }).then(
        (response) => {
          if (response.ok) return reportRejections(response, messages);
          if (isRetryable(response.status)) return requeue(chunk);
          report('REQUEST_REJECTED', `server answered ${response.status}`, messages, {
            status: response.status,
          });
        },
        () => requeue(chunk),
      );
    } catch {
      requeue(chunk);
    }
  }

  const stopListening = options.flushOnHide === false ? () => {} : listenForHide(targets, sendOnHide);

  return {
    identify(id, traits = {}, call) {
      userId = id;
      return enqueue({ type: 'identify', userId: id, traits }, call);
    },
    group(id, traits = {}, call) {
      groupId = id;
      return enqueue({ type: 'group', groupId: id, traits }, call);
    },
    track: (event, properties = {}, call) => enqueue({ type: 'track', event, properties }, call),
    page: (name, properties = {}, call) =>
      enqueue({ type: 'page', ...(name ? { name } : {}), properties }, call),
    flush,
    async close() {
      closed = true;
      stopListening();
      await flush();
      cancelTimer();
    },
    reset() {
      userId = groupId = anonymousId = undefined;
    },
    get dropped() {
      return dropped;
    },
    get pending() {
      return queue.length;
    },
  };
}

function messagesOf(entries: Entry[]): KeepwellMessage[] {
  return entries.map((entry) => entry.message);
}
