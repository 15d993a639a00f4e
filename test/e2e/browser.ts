import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { type DevServer, waitFor } from '../support/dev-server.mjs';

// What the SPA test files share: Debian's Chromium, launched the same way, a fresh install's first admin created
// on its set-up screen, and where a chart shows its tooltip.

/** Headless, and nothing that talks to Google while the tests run. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Debian's Chromium (playwright-core never downloads a browser here).
 * @example const browser = await launchChromium(); try { … } finally { await browser.close(); }
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

/** A member's sign-in details. */
export interface Person {
  name: string;
  email: string;
  password: string;
}

/**
 * On a fresh install: opens `/`, which sends the visitor to set-up, creates the first admin with the bootstrap
 * token and waits until the SPA has signed them in on the dashboard.
 * @example await setUpFirstAdmin(page, { url: server.url, adminToken: server.adminToken }, ADMIN, 20_000)
 */
export async function setUpFirstAdmin(
  page: Page,
  server: { url: string; adminToken: string },
  admin: Person,
  timeoutMs: number,
): Promise<void> {
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/setup/, { timeout: timeoutMs });
  await page.getByLabel('Bootstrap admin token').fill(server.adminToken);
  await page.getByLabel('Name').fill(admin.name);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/', { timeout: timeoutMs });
}

/**
 * ECharts' HTML tooltip of a chart: the second child of vue-echarts' host element (the first holds the SVG).
 * @example await expect.poll(() => tooltipOf(page.getByTestId('tier-history')).textContent()).toContain('Red')
 */
export const tooltipOf = (chart: Locator): Locator =>
  chart.locator('x-vue-echarts .echarts-host > div').nth(1);

/**
 * Starts a scoring run through the admin API and waits until it is done.
 * @example await runScoringAndWait(server)
 */
export async function runScoringAndWait(server: DevServer, timeoutMs = 60_000): Promise<void> {
  const run = (await (await server.admin('/api/scoring/run', { method: 'POST' })).json()) as {
    runId: string;
  };
  await waitFor(
    async () => {
      const r = (await (await server.admin(`/api/scoring/runs/${run.runId}`)).json()) as { status: string };
      return r.status === 'done';
    },
    { timeoutMs, message: 'the scoring run did not finish' },
  );
}
