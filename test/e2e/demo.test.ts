import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardData } from '../../shared/contracts/dashboard';
import type { DemoStatus } from '../../shared/contracts/demo';
import { type DevServer, ROOT, startDevServer, waitFor } from '../support/dev-server.mjs';
import { launchChromium, setUpFirstAdmin } from './browser';
import { CspWatch } from './csp';

// Issue 16's demo workspace in real Chromium against `wrangler dev`: on a fresh install the first admin's empty
// dashboard offers "Load demo data"; pressing it runs the demo loader in the page (events through the SDK with the
// demo source's write key, records through the admin API with the session) until the dashboard shows a living
// portfolio: ≥ 250 accounts in ≥ 3 tiers, ≥ 90 days of score history, ≥ 30 past renewals for the backtest. Then
// "Remove demo data" empties it again. Each `it` builds on the previous one; no page may leave a CSP violation.

/** The README's dashboard screenshot, committed: this test keeps it current. */
const README_IMAGE = join(ROOT, 'docs/images/dashboard.png');
const ADMIN = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery' };
const UI_TIMEOUT = 20_000;
/** The whole demo (measured ~2 minutes with `npm run demo` on 2 busy cores), with room for a slower machine. */
const LOAD_TIMEOUT = 420_000;

let server: DevServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const csp = new CspWatch();

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await server.admin(path, init);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  server = await startDevServer();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  await csp.watch(context);
  page = await context.newPage();
}, 180_000);

afterEach(() => csp.expectNone());

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('demo data in Chromium', () => {
  it('offers the first admin of an empty install "Load demo data", saying what it does', async () => {
    await setUpFirstAdmin(page, server, ADMIN, UI_TIMEOUT);
    const offer = page.getByTestId('demo-offer');
    await offer.waitFor({ timeout: UI_TIMEOUT });
    expect(await offer.textContent()).toContain('fictional company');
    expect(await offer.textContent()).toContain('removed in one click');
    expect(await page.getByTestId('demo-banner').count()).toBe(0);
  });

  it(
    'loads the demo from the button, with a progress bar, into a portfolio with history and renewals',
    async () => {
      const startedMs = Date.now();
      await page.getByTestId('demo-load').click();
      const bar = page.getByRole('progressbar', { name: 'Demo data loading progress' });
      const values: number[] = [];
      // When each phase was first seen (its text up to the first digit or colon), to compare with `npm run demo`.
      const phases: string[] = [];
      const at = () => `${((Date.now() - startedMs) / 1000).toFixed(0)} s`;
      await waitFor(
        async () => {
          if (await bar.isVisible()) {
            const now = Number(await bar.getAttribute('aria-valuenow', { timeout: 1_000 }));
            if (values.at(-1) !== now) values.push(now);
            const text = await page
              .getByTestId('demo-progress')
              .textContent({ timeout: 1_000 })
              .catch(() => null);
            const phase = text?.split(/[:(\d]/)[0]?.trim();
            if (phase && !phases.some((p) => p.startsWith(phase))) phases.push(`${phase} (${at()})`);
          }
          return page.getByTestId('demo-banner').isVisible();
        },
        { timeoutMs: LOAD_TIMEOUT, intervalMs: 1000, message: 'the demo did not finish loading' },
      );
      console.log(`demo loaded from the button in ${at()}; phases first seen: ${phases.join(', ')}`);
      expect(
        values.some((v) => v > 0 && v < 100),
        `progress seen: ${values.join(', ')}`,
      ).toBe(true);

      const status = await api<DemoStatus>('/api/demo');
      expect(status.loaded).toBe(true);
      const dashboard = await api<DashboardData>('/api/dashboard?days=180');
      const scored = dashboard.tiers.reduce((n, t) => n + t.count, 0);
      expect(scored).toBeGreaterThanOrEqual(250);
      expect(dashboard.tiers.filter((t) => t.count > 0).length).toBeGreaterThanOrEqual(3);
      expect(dashboard.tierHistory.length).toBeGreaterThanOrEqual(90);
      const backtest = await api<{ renewals: number }>('/api/models/default/backtest', {
        method: 'POST',
        body: JSON.stringify({}),
      });
      expect(backtest.renewals).toBeGreaterThanOrEqual(30);
      const alerts = await api<{ items: unknown[] }>('/api/alerts?limit=10');
      expect(alerts.items.length).toBeGreaterThan(0);

      // The dashboard reloaded itself: tiers, the banner that offers the removal, no empty state.
      await page.getByTestId('tier-history').waitFor({ timeout: UI_TIMEOUT });
      expect(await page.getByTestId('dashboard-empty').count()).toBe(0);
      expect(await page.getByTestId('demo-banner').textContent()).toContain(
        `${status.accounts} fictional accounts`,
      );
      // The README's image: the first screen of the dashboard with the demo, at rest (no animation, no spinner).
      await page.evaluate('window.scrollTo(0, 0)');
      await page.mouse.move(0, 0);
      mkdirSync(dirname(README_IMAGE), { recursive: true });
      await page.screenshot({ path: README_IMAGE, animations: 'disabled', caret: 'hide' });
    },
    LOAD_TIMEOUT + 30_000,
  );

  it('removes the demo from the banner, back to the empty dashboard', async () => {
    await page.getByTestId('demo-remove').click();
    await page.getByTestId('demo-removed').waitFor({ timeout: 60_000 });
    expect(await api<DemoStatus>('/api/demo')).toMatchObject({ loaded: false, accounts: 0 });
    const stats = await api<{ accounts: number; rawEvents: number }>('/api/ingest/stats');
    expect(stats).toMatchObject({ accounts: 0, rawEvents: 0 });
    await page.getByTestId('dashboard-empty').waitFor({ timeout: UI_TIMEOUT });
    await page.getByTestId('demo-offer').waitFor({ timeout: UI_TIMEOUT });
  });
});
