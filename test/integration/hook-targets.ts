/** A request the Worker sent to a test webhook target (see `hookTargets` in test/integration/vitest.config.ts). */
export interface HookRequest {
  method: string;
  url: string;
  body: string;
}

/**
 * Every request the Worker's outbound fetches sent whose URL contains `/<id>`, in order. The targets run
 * in the vitest process, reached through Miniflare's outboundService: `ok.hooks.test` (200),
 * `down.hooks.test` (503), `redirect.hooks.test` (302 to `http://169.254.169.254/latest/meta-data/<path>`),
 * `silent.hooks.test` (no answer for 5 s); anything else 502.
 */
export async function hookRequests(id: string): Promise<HookRequest[]> {
  const res = await fetch(`https://log.hooks.test/${encodeURIComponent(id)}`);
  return res.json<HookRequest[]>();
}
