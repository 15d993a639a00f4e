import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RevenueMetrics } from '../../shared/contracts/revenue';
import { addDays, utcDay } from '../../shared/time';
import { type DevServer, ROOT, startDevServer, waitFor } from '../support/dev-server.mjs';
import { launchChromium, setUpFirstAdmin } from './browser';
import { CspWatch } from './csp';

// Issue 13's acceptance in real Chromium against `wrangler dev`: two accounts arrive through ingest, the first admin
// imports a contracts CSV in Settings → Import, sees the bad row's error with its line, fixes the file, commits, and
// then finds the contracts on the Metrics page (MRR) and on the account page. One server, one story.

const ADMIN = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery' };
const UI_TIMEOUT = 20_000;
const TODAY = utcDay(Date.now());
const START = addDays(TODAY, -100);
const END = addDays(TODAY, 265);

// Yearly $12,000 (MRR $1,000) for Acme and monthly $500 for Globex, both in force today: MRR $1,500.
const csv = (globexStart: string) =>
  [
    'accountExternalId,externalId,periodStart,periodEnd,amountMinor,currency,interval',
    `acme,acme-2026,${START},${END},1200000,USD,year`,
    `globex,globex-2026,${globexStart},${END},50000,USD,month`,
    `acme,acme-setup,${START},${START},250000,USD,once`,
  ].join('\n');

let server: DevServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const csp = new CspWatch();

/** Creates Acme and Globex the way a product does: Segment `group` calls to `/v1/batch`. */
async function sendAccounts(): Promise<void> {
  const created = await server.admin('/api/sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'app' }),
  });
  const { writeKey } = (await created.json()) as { writeKey: string };
  const batch = ['acme', 'globex'].map((id, i) => ({
    type: 'group',
    messageId: `group-${id}`,
    userId: `${id}-owner`,
    groupId: id,
    traits: { name: id === 'acme' ? 'Acme' : 'Globex', plan: 'pro', seats: 10 + i },
    timestamp: new Date().toISOString(),
  }));
  const res = await fetch(`${server.url}/v1/batch`, {
    method: 'POST',
    headers: { Authorization: `Basic ${btoa(`${writeKey}:`)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ batch }),
  });
  expect(res.status).toBe(200);
  await waitFor(
    async () => {
      const list = (await (await server.admin('/api/accounts')).json()) as { total: number };
      return list.total === 2;
    },
    { timeoutMs: 30_000, message: 'the accounts were not created' },
  );
}

async function chooseCsv(text: string): Promise<void> {
  await page.getByTestId('import-file').setInputFiles({
    name: 'contracts.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(text),
  });
  await expect
    .poll(() => page.getByTestId('import-headers').locator('li').count(), { timeout: UI_TIMEOUT })
    .toBe(7);
}

beforeAll(async () => {
  server = await startDevServer();
  browser = await launchChromium();
  await sendAccounts();
  context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
  await csp.watch(context);
  page = await context.newPage();
  await setUpFirstAdmin(page, server, ADMIN, UI_TIMEOUT);
}, 180_000);

afterEach(() => csp.expectNone());

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Contracts imported in Chromium', () => {
  it('shows the bad row of a dry run with its line and keeps Import disabled', async () => {
    await page.goto(`${server.url}/settings/import`);
    await page.getByTestId('import-kind').selectOption('contracts');
    await chooseCsv(csv('2026-02-30'));
    // Headers named like the fields are mapped without help.
    expect(await page.getByTestId('import-map-periodStart').inputValue()).toBe('periodStart');
    await page.getByTestId('import-dry-run').click();
    const error = page.getByTestId('import-error');
    await expect.poll(() => error.count(), { timeout: UI_TIMEOUT }).toBe(1);
    expect(await error.getAttribute('data-line')).toBe('3');
    expect(await error.getAttribute('data-field')).toBe('periodStart');
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
    const globex = (await (await server.admin('/api/accounts/globex/revenue')).json()) as {
      contracts: unknown[];
    };
    expect(globex.contracts).toEqual([]);
  });

  it('imports the fixed file after a clean dry run, once', async () => {
    await chooseCsv(csv(START));
    await page.getByTestId('import-dry-run').click();
    await expect
      .poll(() => page.getByTestId('import-commit').isEnabled(), { timeout: UI_TIMEOUT })
      .toBe(true);
    expect(await page.getByTestId('import-error').count()).toBe(0);
    await page.getByTestId('import-commit').click();
    const result = page.getByTestId('import-result');
    await expect.poll(() => result.getAttribute('data-committed'), { timeout: UI_TIMEOUT }).toBe('true');
    expect(await result.textContent()).toContain('3 created');
    const metrics = (await (
      await server.admin(`/api/metrics?from=${TODAY.slice(0, 8)}01&to=${TODAY}`)
    ).json()) as RevenueMetrics;
    expect(metrics.mrrMinor).toBe(150_000);

    // The same file again adds nothing.
    await page.getByTestId('import-dry-run').click();
    await expect
      .poll(() => page.getByTestId('import-commit').isEnabled(), { timeout: UI_TIMEOUT })
      .toBe(true);
    await page.getByTestId('import-commit').click();
    await expect.poll(() => result.textContent(), { timeout: UI_TIMEOUT }).toContain('3 unchanged');
    expect(await result.textContent()).toContain('0 created');
  });

  it('shows the MRR on the Metrics page and the contracts on the account page', async () => {
    await page.goto(`${server.url}/metrics`);
    const mrr = page.getByTestId('kpi-mrr').getByTestId('kpi-value');
    await expect.poll(() => mrr.textContent(), { timeout: UI_TIMEOUT }).toContain('1,500');
    await page.screenshot({ path: join(ROOT, 'test/e2e/screenshots/metrics.png'), fullPage: true });
    await page.goto(`${server.url}/accounts/acme`);
    const contracts = page.getByTestId('revenue-contract');
    await expect.poll(() => contracts.count(), { timeout: UI_TIMEOUT }).toBe(2);
    const table = await page.getByTestId('revenue-contracts').textContent();
    expect(table).toContain('$12,000');
    expect(table).toContain('One-off, not renewed');
    await page
      .getByTestId('account-revenue')
      .screenshot({ path: join(ROOT, 'test/e2e/screenshots/account-revenue.png') });
  });
});
