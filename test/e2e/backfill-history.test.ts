import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardData } from '../../shared/contracts/dashboard';
import type { ScoringBackfill } from '../../shared/contracts/scoring';
import { generatePortfolio, portfolioBatches } from '../../shared/testing';
import { addDays, utcDay } from '../../shared/time';
import { type DevServer, ROOT, startDevServer, waitFor } from '../support/dev-server.mjs';
import { launchChromium, setUpFirstAdmin, tooltipOf } from './browser';
import { CspWatch } from './csp';

// Issue 12's acceptance in real Chromium against `wrangler dev`: a fresh install receives 12 weeks of generated
// usage ending yesterday, its first admin presses "Backfill history" for the last 30 days, and the dashboard then
// draws tiers over time with a point per day and every scored account on each: no dip and no spike. The accounts
// are split over two segments, the case whose past days once counted only one segment's share of a tier.
// Each `it` builds on the previous one (one server, one story); no page may leave a CSP violation behind.

const SCREENSHOTS = join(ROOT, 'test/e2e/screenshots');
const ADMIN = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery' };
const UI_TIMEOUT = 20_000;
/** 30 days chain 30 scoring runs through the queue, each started when the previous one finished. */
const BACKFILL_TIMEOUT = 150_000;
const BACKFILL_DAYS = 30;
const TODAY = utcDay(Date.now());
/** The 30 days before today, oldest first. */
const BACKFILLED = Array.from({ length: BACKFILL_DAYS }, (_, i) => addDays(TODAY, i - BACKFILL_DAYS));
/** How the SPA writes a day in English (web/src/format.ts `formatDay`). */
const DAY_FORMAT = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

// Two accounts of each archetype (12), 84 days (the generator's least) ending yesterday: every timestamp is in
// the past, and the oldest backfilled day still has 8 weeks of usage before it.
const portfolio = generatePortfolio({
  seed: 12,
  startDay: addDays(TODAY, -84),
  days: 84,
  accountsPerArchetype: 2,
  idPrefix: 'bf',
});
const trackEvents = portfolio.usage.reduce((n, u) => n + u.events, 0);

let server: DevServer;
let browser: Browser;
let context: BrowserContext;
let admin: Page;
const csp = new CspWatch();

/** Sends the portfolio through `POST /v1/batch` and waits until the ingest queue has rolled up every event. */
async function sendPortfolio(): Promise<void> {
  const created = await server.admin('/api/sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'synthetic' }),
  });
  expect(created.status).toBe(201);
  const { writeKey } = (await created.json()) as { writeKey: string };
  for (const body of portfolioBatches(portfolio, { maxMessages: 1000 })) {
    const res = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: { Authorization: `Basic ${btoa(`${writeKey}:`)}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  }
  await waitFor(
    async () => {
      const stats = (await (await server.admin('/api/ingest/stats')).json()) as { rolledUpEvents: number };
      return stats.rolledUpEvents === trackEvents;
    },
    { timeoutMs: 90_000, message: 'the portfolio was not all rolled up' },
  );
}

/** The enterprise accounts in a segment of their own (scored with the default model like the rest). */
async function splitSegments(): Promise<void> {
  const res = await server.admin('/api/segments', {
    method: 'POST',
    body: JSON.stringify({
      id: 'enterprise',
      name: 'Enterprise',
      order: 1,
      match: 'all',
      conditions: [{ field: 'plan', op: 'eq', value: 'enterprise' }],
      modelId: 'default',
    }),
  });
  expect(res.status).toBe(201);
}

async function dashboardApi(query = ''): Promise<DashboardData> {
  const res = await server.admin(`/api/dashboard?days=90${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as DashboardData;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((n, c) => n + c, 0);

/**
 * Reads a line chart with an axis tooltip as a user would: sweeps the pointer from its left edge to its right
 * edge and keeps the tooltip of each category it passes, in order. Returns each tooltip's lines (the first is
 * the category).
 */
async function readAxisTooltips(chart: Locator): Promise<string[][]> {
  const host = chart.locator('x-vue-echarts');
  await host.scrollIntoViewIfNeeded();
  const box = await host.boundingBox();
  if (!box) throw new Error('the chart is not drawn');
  const page = chart.page();
  const seen: string[][] = [];
  for (let x = box.x + 1; x < box.x + box.width - 1; x += 4) {
    await page.mouse.move(x, box.y + box.height * 0.6);
    // Outside the plot the tooltip is hidden, or was never shown.
    if (!(await tooltipOf(chart).isVisible())) continue;
    const text = await tooltipOf(chart)
      // biome-ignore lint/performance/useDomNodeTextContent: the tooltip as rendered, a line per day and per tier name and count; its textContent runs them together ("Red2Yellow3")
      .innerText({ timeout: 1_000 })
      .catch(() => '');
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.length > 0 && lines[0] !== seen.at(-1)?.[0]) seen.push(lines);
  }
  return seen;
}

beforeAll(async () => {
  server = await startDevServer();
  browser = await launchChromium();
  await sendPortfolio();
  await splitSegments();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await csp.watch(context);
  admin = await context.newPage();
}, 180_000);

afterEach(() => csp.expectNone());

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Backfill history in Chromium', () => {
  it('sets up the first admin of the fresh install, whose dashboard has no scores yet', async () => {
    await setUpFirstAdmin(admin, server, ADMIN, UI_TIMEOUT);
    expect((await dashboardApi()).period).toBeNull();
    await expect
      .poll(() => admin.getByTestId('backfill-history').isVisible(), { timeout: UI_TIMEOUT })
      .toBe(true);
  });

  it(
    'backfills the last 30 days from the dashboard, the progress bar running to done',
    async () => {
      await admin.getByTestId('backfill-days').selectOption(String(BACKFILL_DAYS));
      const started = admin.waitForResponse(
        (r) => r.url().endsWith('/api/scoring/backfill') && r.request().method() === 'POST',
      );
      await admin.getByTestId('backfill-history').click();
      const response = await started;
      expect(response.status()).toBe(202);
      const { backfillId } = (await response.json()) as ScoringBackfill;

      // The bar's value as the page shows it, polled until the status says the backfill is over.
      const bar = admin.getByRole('progressbar', { name: 'Backfill progress' });
      const status = admin.getByTestId('backfill-status');
      const values: number[] = [];
      await waitFor(
        async () => {
          const now = Number(await bar.getAttribute('aria-valuenow', { timeout: 1_000 }));
          if (values.at(-1) !== now) values.push(now);
          return /^(Done|The backfill stopped)/.test((await status.textContent({ timeout: 1_000 })) ?? '');
        },
        { timeoutMs: BACKFILL_TIMEOUT, intervalMs: 500, message: 'the backfill did not finish' },
      );
      expect(await status.textContent()).toBe(`Done: ${BACKFILL_DAYS} days scored.`);
      expect(values.at(-1)).toBe(100);
      expect(
        values.some((v) => v > 0 && v < 100),
        `progress seen: ${values.join(', ')}`,
      ).toBe(true);
      expect(values).toEqual([...values].sort((a, b) => a - b));

      const backfill = (await (
        await server.admin(`/api/scoring/backfills/${backfillId}`)
      ).json()) as ScoringBackfill;
      expect(backfill).toMatchObject({
        status: 'done',
        completed: BACKFILL_DAYS,
        total: BACKFILL_DAYS,
        days: BACKFILLED,
      });
    },
    BACKFILL_TIMEOUT + 30_000,
  );

  it('draws tiers over time with a point per day and every scored account on each day', async () => {
    const all = await dashboardApi();
    const scored = all.tiers.reduce((n, t) => n + t.count, 0);
    expect(all.period).toBe(addDays(TODAY, -1));
    expect(scored).toBeGreaterThan(0);
    expect(scored + all.unscored).toBe(portfolio.accounts.length);
    expect(all.tierHistory.map((p) => p.period)).toEqual(BACKFILLED);
    expect(all.tierHistory.map((p) => total(p.counts))).toEqual(Array(BACKFILL_DAYS).fill(scored));
    // The enterprise segment and the rest both have accounts on every day, adding up to the whole portfolio.
    const perDay = (d: DashboardData) => d.tierHistory.map((p) => total(p.counts));
    const enterprise = perDay(await dashboardApi('&segment=enterprise'));
    const rest = perDay(await dashboardApi('&segment=default'));
    expect(enterprise.map((n, i) => n + (rest[i] ?? 0))).toEqual(Array(BACKFILL_DAYS).fill(scored));
    expect(Math.min(...enterprise, ...rest)).toBeGreaterThan(0);

    // The dashboard reloaded itself when the backfill finished; a fresh load draws the same.
    const chart = admin.getByTestId('tier-history');
    await expect
      .poll(() => chart.locator('x-vue-echarts path').count(), { timeout: UI_TIMEOUT })
      .toBeGreaterThan(0);
    await admin.reload();
    await expect
      .poll(() => chart.locator('x-vue-echarts path').count(), { timeout: UI_TIMEOUT })
      .toBeGreaterThan(0);
    const drawn = (await readAxisTooltips(chart)).map(([period, ...pairs]) => ({
      period,
      counts: Object.fromEntries(
        Array.from({ length: pairs.length / 2 }, (_, i) => [pairs[2 * i], Number(pairs[2 * i + 1])]),
      ),
    }));
    expect(drawn).toEqual(
      all.tierHistory.map((p) => ({
        period: DAY_FORMAT.format(new Date(`${p.period}T00:00:00Z`)),
        counts: Object.fromEntries(all.tiers.map((t) => [t.name, p.counts[t.key] ?? 0])),
      })),
    );
    expect(drawn.map((p) => total(p.counts))).toEqual(Array(BACKFILL_DAYS).fill(scored));
    await admin.mouse.move(0, 0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await admin.screenshot({ path: join(SCREENSHOTS, 'dashboard-backfilled.png'), fullPage: true });
  });
});
