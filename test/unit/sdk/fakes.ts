import {
  type BeaconNavigator,
  createKeepwell,
  type KeepwellError,
  type KeepwellMessage,
  type KeepwellOptions,
} from '../../../sdk/src/index';

/** A decoded `/v1/batch` body. */
export interface BatchBody {
  batch: KeepwellMessage[];
  sentAt: string;
  writeKey?: string;
}

/** One request as the fake server saw it. */
export interface RecordedRequest {
  url: string;
  init: RequestInit;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  raw: string;
  body: BatchBody;
  /** Fake-clock time at which the request was made. */
  atMs: number;
}

type Reply = () => Response | Promise<Response>;

/** A fetch that records requests and answers from a script, defaulting to 200 with nothing rejected. */
export function fakeServer() {
  const requests: RecordedRequest[] = [];
  const replies: Reply[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const raw = String(init.body);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    requests.push({ url, init, headers, raw, body: JSON.parse(raw) as BatchBody, atMs: Date.now() });
    const reply = replies.shift();
    return reply ? reply() : accepted();
  };
  return {
    fetch,
    requests,
    /** Scripts the next responses, in order. */
    reply(...next: Reply[]) {
      replies.push(...next);
    },
    /** Events of every request, e.g. [['a', 'b'], ['c']]. */
    batches(): (string | undefined)[][] {
      return requests.map((request) => request.body.batch.map((message) => message.event));
    },
  };
}

export const accepted = (rejected: unknown[] = []) =>
  Response.json({ success: true, accepted: 0, rejected }, { status: 200 });
export const status =
  (code: number, headers: Record<string, string> = {}): Reply =>
  () =>
    new Response('{"error":{"code":"X"}}', { status: code, headers });
export const networkError: Reply = () => Promise.reject(new TypeError('fetch failed'));

/** A reply that stays pending until `resolve` is called, to hold a request in flight. */
export function heldReply() {
  let resolve: (response: Response) => void = () => {};
  const promise = new Promise<Response>((done) => {
    resolve = done;
  });
  return { reply: () => promise, resolve: () => resolve(accepted()) };
}

/** Minimal document: an EventTarget whose visibility can be flipped like a browser's. */
export class FakeDocument extends EventTarget {
  visibilityState: 'visible' | 'hidden' = 'visible';
  setVisibility(state: 'visible' | 'hidden'): void {
    this.visibilityState = state;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

/** A navigator whose sendBeacon records what it was given and returns `result`. */
export function fakeNavigator(result = true) {
  const beacons: { url: string; blob: Blob }[] = [];
  const navigator: BeaconNavigator = {
    sendBeacon(url, blob) {
      beacons.push({ url, blob });
      return result;
    },
  };
  return { navigator, beacons };
}

export async function decodeBeacon(blob: Blob): Promise<BatchBody> {
  return JSON.parse(await blob.text()) as BatchBody;
}

/** A client wired to a fake server, collecting onError calls. */
export function makeClient(options: Partial<KeepwellOptions> = {}) {
  const server = fakeServer();
  const errors: KeepwellError[] = [];
  const client = createKeepwell({
    writeKey: 'wk_test_123',
    host: 'https://kw.test',
    fetch: server.fetch,
    random: () => 1,
    onError: (error) => errors.push(error),
    ...options,
  });
  return { client, server, errors };
}
