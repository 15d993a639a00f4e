import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertPage } from '../../shared/contracts/alerts';
import { type DevServer, ROOT, startDevServer, waitFor } from '../support/dev-server.mjs';
import { launchChromium, runScoringAndWait, setUpFirstAdmin } from './browser';
import { CspWatch } from './csp';

// The alert inbox's list view in real Chromium against `wrangler dev`: 20 accounts whose usage stopped
// three weeks ago raise a few dozen alerts; the list shows one row per alert, sorts by ARR, and a bulk snooze of
// three for a week takes them out of the open list. Screenshots at 1440 px in English and Chinese.

const SCREENSHOTS = join(ROOT, 'test/e2e/screenshots');
const ADMIN = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery' };
const UI_TIMEOUT = 20_000;
const DAY_MS = 86_400_000;
const ACCOUNTS = 20;

let server: DevServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const csp = new CspWatch();

/** Accounts with distinct ARR whose only activity is 20 days old, scored by one run. */
async function seedStaleAccounts(): Promise<void> {
  const created = await server.admin('/api/sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'e2e' }),
  });
  expect(created.status).toBe(201);
  const { writeKey } = (await created.json()) as { writeKey: string };
  const batch = Array.from({ length: ACCOUNTS }, (_, i) => [
    {
      type: 'group',
      messageId: `g-${i}`,
      userId: `u-${i}`,
      groupId: `stale-${i}`,
      traits: { name: `Stale ${String(i).padStart(2, '0')}`, plan: 'growth', seats: 5, arr: 1_000 * (i + 1) },
    },
    {
      type: 'track',
      messageId: `t-${i}`,
      userId: `u-${i}`,
      event: 'Report Run',
      context: { groupId: `stale-${i}` },
      timestamp: new Date(Date.now() - 20 * DAY_MS).toISOString(),
    },
  ]).flat();
  const res = await fetch(`${server.url}/v1/batch`, {
    method: 'POST',
    headers: { Authorization: `Basic ${btoa(`${writeKey}:`)}` },
    body: JSON.stringify({ batch }),
  });
  expect(res.status).toBe(200);
  await waitFor(
    async () => {
      const stats = (await (await server.admin('/api/ingest/stats')).json()) as { rolledUpEvents: number };
      return stats.rolledUpEvents === ACCOUNTS;
    },
    { timeoutMs: 60_000, message: 'seeded events were not all rolled up' },
  );
  await runScoringAndWait(server);
}

async function openAlerts(): Promise<AlertPage> {
  const res = await server.admin('/api/alerts?status=open&limit=200');
  expect(res.status).toBe(200);
  return (await res.json()) as AlertPage;
}

async function shot(name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startDevServer();
  browser = await launchChromium();
  await seedStaleAccounts();
  context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
  await csp.watch(context);
  page = await context.newPage();
}, 180_000);

afterEach(() => csp.expectNone());

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Alert inbox list view in Chromium', () => {
  it('shows one row per open alert', async () => {
    const open = await openAlerts();
    expect(open.items.length).toBeGreaterThanOrEqual(ACCOUNTS);
    expect(open.items.length).toBeLessThanOrEqual(50);
    await setUpFirstAdmin(page, server, ADMIN, UI_TIMEOUT);
    await page.goto(`${server.url}/alerts`);
    await expect
      .poll(() => page.getByTestId('alert-row').count(), { timeout: UI_TIMEOUT })
      .toBe(open.items.length);
    const ids = await page
      .getByTestId('alert-row')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-alert-id'))));
    expect(new Set(ids)).toEqual(new Set(open.items.map((a) => a.id)));
    await shot('alerts-list');
  });

  it('sorts by ARR, highest first', async () => {
    await page.getByTestId('alert-sort-arr').click();
    await expect
      .poll(() => page.getByTestId('alert-row').first().getByTestId('alert-arr').textContent(), {
        timeout: UI_TIMEOUT,
      })
      .toBe('$20,000');
  });

  it('snoozes three selected alerts for a week, and they leave the open list', async () => {
    const before = await page.getByTestId('alert-row').count();
    const rows = page.getByTestId('alert-row');
    const chosen: number[] = [];
    for (const i of [0, 1, 2]) {
      chosen.push(Number(await rows.nth(i).getAttribute('data-alert-id')));
      await rows.nth(i).getByTestId('alert-select').check();
    }
    await expect.poll(() => page.getByTestId('alert-bulk-count').textContent()).toBe('3 alerts selected');
    await page.getByTestId('alert-bulk-snooze-1w').click();
    await expect.poll(() => page.getByTestId('alert-row').count(), { timeout: UI_TIMEOUT }).toBe(before - 3);
    const shown = await page
      .getByTestId('alert-row')
      .evaluateAll((els) => els.map((r) => Number(r.getAttribute('data-alert-id'))));
    expect(shown.some((id) => chosen.includes(id))).toBe(false);
    const open = await openAlerts();
    expect(open.items.some((a) => chosen.includes(a.id))).toBe(false);
    const snoozed = (await (await server.admin('/api/alerts?status=snoozed')).json()) as AlertPage;
    expect(snoozed.items.map((a) => a.id).sort()).toEqual([...chosen].sort());
  });

  it('shows the list in Chinese', async () => {
    await page.locator('.locale-switch select').selectOption('zh');
    await expect
      .poll(() => page.getByTestId('alert-sort-arr').textContent(), { timeout: UI_TIMEOUT })
      .toContain('ARR');
    expect(await page.getByTestId('alert-sort-renewal').textContent()).toContain('续约日');
    await shot('alerts-list-zh');
  });
});
