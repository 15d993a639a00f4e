import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SDK_VERSION } from '../../sdk/src/version';
import { type DevServer, startDevServer, waitFor } from '../support/dev-server.mjs';
import { launchChromium, setUpFirstAdmin } from './browser';

// A first run without the demo, against `wrangler dev` (its asset routing and run_worker_first included): the SDK
// is served to other sites with its cache and CORS headers, a customer's page on another origin sends an event
// with nothing but the script tag, and the empty dashboard shows the admin the snippet with the real write key.

const ADMIN = { name: 'Ada', email: 'ada@example.com', password: 'correct horse battery' };
/**
 * The customer's site: a real HTTP server on another origin than Keepwell's. On loopback like the dev server, so
 * Chromium's local-network rules (a public page may not reach 127.0.0.1) stay out of the way, as they would for
 * a public site and a public Keepwell host.
 */
async function customerSite(html: string): Promise<{ origin: string; close: () => void }> {
  const site = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const { port } = site.address() as AddressInfo;
  return { origin: `http://localhost:${port}`, close: () => site.close() };
}

let server: DevServer;
let browser: Browser;
let source: { id: string; writeKey: string };
/** The admin's browser, signed in by the dashboard test and reused on the Sources tab. */
let adminContext: BrowserContext;
let adminPage: Page;

beforeAll(async () => {
  server = await startDevServer();
  browser = await launchChromium();
  // What `npm start` does on a first run: a default source.
  const res = await server.admin('/api/sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'Default source' }),
  });
  expect(res.status).toBe(201);
  source = (await res.json()) as { id: string; writeKey: string };
}, 120_000);

afterAll(async () => {
  await adminContext?.close();
  await browser?.close();
  await server?.stop();
});

describe('first run', () => {
  it('serves the SDK versioned (immutable) and as an alias (5 minutes), to any origin', async () => {
    const versioned = await fetch(`${server.url}/sdk/${SDK_VERSION}/keepwell.iife.min.js`, {
      headers: { Origin: 'https://shop.customer.example' },
    });
    expect(versioned.status).toBe(200);
    expect(versioned.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(versioned.headers.get('access-control-allow-origin')).toBe('*');
    expect(versioned.headers.get('x-content-type-options')).toBe('nosniff');
    const alias = await fetch(`${server.url}/sdk/keepwell.iife.min.js`);
    expect(alias.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await alias.text()).toBe(await versioned.text());
    const esm = await fetch(`${server.url}/sdk/keepwell.min.js`);
    expect(esm.status).toBe(200);
    expect(esm.headers.get('access-control-allow-origin')).toBe('*');
    // Not the SPA's index.html for a version this installation does not ship.
    const other = await fetch(`${server.url}/sdk/9.9.9/keepwell.iife.min.js`);
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toMatch(/json/);
  });

  it("shows the admin the default source as step 1 done and step 2's snippets with the real write key and host", async () => {
    adminContext = await browser.newContext();
    adminPage = await adminContext.newPage();
    await setUpFirstAdmin(adminPage, server, ADMIN, 30_000);
    await adminPage.getByTestId('dashboard-empty').waitFor({ timeout: 20_000 });
    const step1 = adminPage.getByTestId('step-source');
    await expect.poll(() => step1.getAttribute('class'), { timeout: 10_000 }).toContain('done');
    expect(await step1.textContent()).toContain('“Default source” is ready');
    expect(await adminPage.getByTestId('step-events').getAttribute('class')).not.toContain('done');
    const code = adminPage.getByTestId('snippet-code');
    await expect.poll(() => code.textContent(), { timeout: 10_000 }).toContain(source.writeKey);
    expect(await code.textContent()).toContain(`curl -u '${source.writeKey}:' ${server.url}/v1/batch`);
    await adminPage.getByTestId('snippet-tab-sdk').click();
    expect(await code.textContent()).toContain(
      `<script src="${server.url}/sdk/keepwell.iife.min.js"></script>`,
    );
  });

  it("sends an event from a customer's page on another origin with only the script tag", async () => {
    const site = await customerSite(`<!doctype html><html><body>
<script src="${server.url}/sdk/keepwell.iife.min.js" crossorigin="anonymous"></script>
<script>
  const keepwell = Keepwell.createKeepwell({ writeKey: '${source.writeKey}', host: '${server.url}' });
  keepwell.group('first-run-acme', { name: 'Acme' }, { userId: 'u1' });
  keepwell.track('Report Run', {}, { userId: 'u1', context: { groupId: 'first-run-acme' } });
  keepwell.flush().then(() => { document.title = 'sent'; });
</script></body></html>`);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => problems.push(`console ${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
      await page.goto(`${site.origin}/pricing`);
      expect(new URL(page.url()).origin).not.toBe(server.url);
      await page
        .waitForFunction('document.title === "sent"', undefined, { timeout: 20_000 })
        .catch((err: Error) => {
          throw new Error(`${err.message}\n${problems.join('\n')}`);
        });
      expect(await page.evaluate('typeof Keepwell.createKeepwell')).toBe('function');
    } finally {
      await context.close();
      site.close();
    }
    const stats = await waitFor(async () => {
      const res = await server.admin('/api/ingest/sources');
      const { items } = (await res.json()) as { items: { sourceId: string; eventsToday: number }[] };
      const mine = items.find((s) => s.sourceId === source.id);
      return mine && mine.eventsToday >= 2 ? mine : false;
    });
    expect(stats.eventsToday).toBe(2);
  });

  it('shows on Settings → Sources what the source received', async () => {
    await adminPage.goto(`${server.url}/settings/sources`);
    const row = adminPage.getByTestId(`source-${source.id}`);
    await expect.poll(() => row.getByTestId('source-today').textContent(), { timeout: 10_000 }).toBe('2');
    expect(await row.getByTestId('source-last').textContent()).not.toContain('Never');
    expect(await adminPage.getByTestId('ingest-failures').textContent()).toContain('No failures');
  });
});
