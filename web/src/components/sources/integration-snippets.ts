// The copy-paste snippets of the empty dashboard and Settings → Sources: each way of sending events, filled in
// with this installation's host and a source's write key. Pure, so the web tests read exactly what is shown.

/** The snippet tabs, in the order shown. */
export const SNIPPET_KINDS = [
  'curl',
  'segmentNode',
  'segmentBrowser',
  'rudderNode',
  'rudderBrowser',
  'sdk',
  'pixel',
] as const;
export type SnippetKind = (typeof SNIPPET_KINDS)[number];

/** Shown instead of the key when the reader may not see it or it cannot be shown. */
export const WRITE_KEY_PLACEHOLDER = 'YOUR_WRITE_KEY';

/** A JavaScript string literal (single-quoted) of `text`. */
const js = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * Every snippet for one host and write key.
 * @param origin this installation's origin, e.g. `location.origin` (`https://keepwell.acme.io`)
 * @param writeKey the source's write key, or {@link WRITE_KEY_PLACEHOLDER}
 * @example integrationSnippets('https://keepwell.acme.io', 'kw_abc').curl // "curl -u 'kw_abc:' https://…"
 */
export function integrationSnippets(origin: string, writeKey: string): Record<SnippetKind, string> {
  const url = new URL(origin);
  const host = url.origin;
  const key = js(writeKey);
  const batch = JSON.stringify({
    batch: [
      { type: 'group', userId: 'u1', groupId: 'acme', traits: { name: 'Acme', plan: 'pro', seats: 10 } },
      { type: 'identify', userId: 'u1', traits: { email: 'ada@acme.io', name: 'Ada' } },
      { type: 'track', userId: 'u1', event: 'Report Run', context: { groupId: 'acme' } },
    ],
  });
  return {
    curl: `curl -u '${writeKey}:' ${host}/v1/batch \\
  -H 'Content-Type: application/json' \\
  -d '${batch}'`,
    segmentNode: `// npm install @segment/analytics-node
import { Analytics } from '@segment/analytics-node';

const analytics = new Analytics({ writeKey: ${key}, host: ${js(host)} });
analytics.group({ userId: 'u1', groupId: 'acme', traits: { name: 'Acme', plan: 'pro', seats: 10 } });
analytics.identify({ userId: 'u1', traits: { email: 'ada@acme.io', name: 'Ada' } });
analytics.track({ userId: 'u1', event: 'Report Run', context: { groupId: 'acme' } });
await analytics.closeAndFlush();`,
    segmentBrowser: `// npm install @segment/analytics-next
import { AnalyticsBrowser } from '@segment/analytics-next';

// Keepwell serves no Segment CDN settings: give them here, pointing the Segment.io destination at Keepwell.
export const analytics = AnalyticsBrowser.load({
  writeKey: ${key},
  cdnSettings: {
    integrations: {
      'Segment.io': { apiKey: ${key}, apiHost: ${js(`${url.host}/v1`)}, protocol: ${js(url.protocol.replace(':', ''))} },
    },
  },
});
analytics.identify('u1', { email: 'ada@acme.io', name: 'Ada' });
analytics.group('acme', { name: 'Acme', plan: 'pro', seats: 10 });
analytics.track('Report Run');`,
    rudderNode: `// npm install @rudderstack/rudder-sdk-node
import Analytics from '@rudderstack/rudder-sdk-node';

const client = new Analytics(${key}, { dataPlaneUrl: ${js(host)} });
client.group({ userId: 'u1', groupId: 'acme', traits: { name: 'Acme', plan: 'pro', seats: 10 } });
client.identify({ userId: 'u1', traits: { email: 'ada@acme.io', name: 'Ada' } });
client.track({ userId: 'u1', event: 'Report Run', context: { groupId: 'acme' } });
await client.flush();`,
    rudderBrowser: `// npm install @rudderstack/analytics-js
import { RudderAnalytics } from '@rudderstack/analytics-js';

const rudderAnalytics = new RudderAnalytics();
rudderAnalytics.load(${key}, ${js(host)});
rudderAnalytics.identify('u1', { email: 'ada@acme.io', name: 'Ada' });
rudderAnalytics.group('acme', { name: 'Acme', plan: 'pro', seats: 10 });
rudderAnalytics.track('Report Run');`,
    sdk: `<script src="${host}/sdk/keepwell.iife.min.js"></script>
<script>
  const keepwell = Keepwell.createKeepwell({ writeKey: ${key}, host: ${js(host)} });
  keepwell.identify('u1', { email: 'ada@acme.io', name: 'Ada' });
  keepwell.group('acme', { name: 'Acme', plan: 'pro', seats: 10 });
  keepwell.track('Report Run');
</script>`,
    pixel: `<img src="${host}/v1/pixel.gif?writeKey=${encodeURIComponent(writeKey)}&account=acme&user=u1&activity=Email%20Opened&module=email" width="1" height="1" alt="">`,
  };
}
