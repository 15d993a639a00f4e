import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generatePortfolio, portfolioBatches } from '../../shared/testing';
import { addDays, utcDay } from '../../shared/time';
import { type DevServer, ROOT, startDevServer, waitFor } from '../support/dev-server.mjs';
import { launchChromium, setUpFirstAdmin } from './browser';
import { CspWatch } from './csp';

// Issue 14's studio in real Chromium against `wrangler dev`: a portfolio arrives through ingest with a renewal
// outcome per account; the first admin creates a model for enterprise accounts, edits a weight (an invalid total
// is refused, then fixed) while the preview answers, publishes with a note, reads the history and the diff, runs a
// backtest and a calibration, then gives the enterprise plan its own segment and sees an account scored in it.
// Screenshots of each studio screen in English and Chinese. One server, one story.

const SCREENSHOTS = join(ROOT, 'test/e2e/screenshots');
const ADMIN = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery' };
const UI_TIMEOUT = 30_000;
const TODAY = utcDay(Date.now());
const portfolio = generatePortfolio({
  seed: 14,
  startDay: addDays(TODAY, -84),
  days: 84,
  accountsPerArchetype: 6,
  idPrefix: 'st',
});
const enterprise = portfolio.accounts.find((a) => a.record.plan === 'enterprise')!;
const trackEvents = portfolio.usage.reduce((n, u) => n + u.events, 0);

let server: DevServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const csp = new CspWatch();

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await server.admin(path, init);
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Usage through `/v1/batch`, then each account's last term due five days ago with its ground-truth outcome. */
async function seed(): Promise<void> {
  const { writeKey } = await api<{ writeKey: string }>('/api/sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'app' }),
  });
  for (const body of portfolioBatches(portfolio, { maxMessages: 1000 })) {
    const res = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: { Authorization: `Basic ${btoa(`${writeKey}:`)}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  }
  await waitFor(
    async () => (await api<{ rolledUpEvents: number }>('/api/ingest/stats')).rolledUpEvents === trackEvents,
    { timeoutMs: 90_000, message: 'the portfolio was not all rolled up' },
  );
  await api('/api/contracts', {
    method: 'POST',
    body: JSON.stringify(
      portfolio.accounts.map((a) => ({
        accountExternalId: a.record.externalId,
        externalId: `${a.record.externalId}-term`,
        periodStart: addDays(TODAY, -370),
        periodEnd: addDays(TODAY, -5),
        amountMinor: a.record.arrCents ?? 100_000,
        currency: 'USD',
        interval: 'year',
        outcome: a.outcome === 'churn' ? 'churned' : 'renewed',
      })),
    ),
  });
}

async function shot(name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function studio(tab: 'segments' | 'models' | 'rules', query = '') {
  await page.goto(`${server.url}/studio/${tab}${query}`);
  await page.getByTestId(`studio-tab-${tab}`).waitFor({ timeout: UI_TIMEOUT });
}

beforeAll(async () => {
  server = await startDevServer();
  browser = await launchChromium();
  await seed();
  context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
  await csp.watch(context);
  page = await context.newPage();
  await setUpFirstAdmin(page, server, ADMIN, UI_TIMEOUT);
}, 240_000);

afterEach(() => csp.expectNone());

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('The model studio in Chromium', () => {
  it('creates a model for enterprise accounts from the default one', async () => {
    await studio('models');
    await page.getByTestId('model-new').click();
    await page.getByTestId('model-create-id').fill('enterprise');
    await page.getByTestId('model-create-name').fill('Enterprise');
    await page.getByTestId('model-create-submit').click();
    await expect
      .poll(async () => (await server.admin('/api/models/enterprise')).status, { timeout: UI_TIMEOUT })
      .toBe(200);
    const model = await api<{ versions: { version: number; status: string }[] }>('/api/models/enterprise');
    expect(model.versions.map((v) => v.status)).toEqual(['draft']);
    await expect
      .poll(() => page.getByTestId('model-select').inputValue(), { timeout: UI_TIMEOUT })
      .toBe('enterprise');
    await expect
      .poll(() => page.getByTestId('measure-row').count(), { timeout: UI_TIMEOUT })
      .toBeGreaterThan(3);
  });

  it('refuses an invalid weight total, then previews the fixed draft against… nothing published yet', async () => {
    const rows = page.getByTestId('measure-row');
    const first = await rows.nth(0).getAttribute('data-measure-key');
    const second = await rows.nth(1).getAttribute('data-measure-key');
    const weight = (key: string | null) => page.getByTestId(`measure-weight-${key}`);
    const a = Number(await weight(first).inputValue());
    const b = Number(await weight(second).inputValue());
    await weight(first).fill(String(a + 5));
    await expect
      .poll(() => page.getByTestId('weight-total-error').isVisible(), { timeout: UI_TIMEOUT })
      .toBe(true);
    expect(await page.getByTestId('draft-save').isDisabled()).toBe(true);
    await weight(second).fill(String(b - 5));
    await expect.poll(() => page.getByTestId('weight-total-error').count(), { timeout: UI_TIMEOUT }).toBe(0);
    await expect
      .poll(() => page.getByTestId('preview-result').isVisible(), { timeout: UI_TIMEOUT })
      .toBe(true);
    await page.getByTestId('draft-save').click();
    await expect
      .poll(
        async () =>
          (
            await api<{ versions: { config: { measures: { key: string; weight: number }[] } }[] }>(
              '/api/models/enterprise',
            )
          ).versions[0]!.config.measures.find((m) => m.key === first)?.weight,
        { timeout: UI_TIMEOUT },
      )
      .toBe(a + 5);
    await shot('studio-model-editor');
  });

  it('publishes with a note and shows who published it in the history', async () => {
    await page.getByTestId('publish-note').fill('Enterprise weighs logins higher');
    await page.getByTestId('publish').click();
    const row = page.locator('[data-testid="version-row"][data-version="1"]');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: UI_TIMEOUT }).toBe('published');
    expect(await row.textContent()).toContain('Enterprise weighs logins higher');
    expect(await row.textContent()).toContain(ADMIN.email);
  });

  it('previews a second draft, diffs it against version 1 and publishes it', async () => {
    const rows = page.getByTestId('measure-row');
    const first = await rows.nth(0).getAttribute('data-measure-key');
    const third = await rows.nth(2).getAttribute('data-measure-key');
    const weight = (key: string | null) => page.getByTestId(`measure-weight-${key}`);
    const a = Number(await weight(first).inputValue());
    const c = Number(await weight(third).inputValue());
    await weight(first).fill(String(a - 5));
    await weight(third).fill(String(c + 5));
    await expect
      .poll(() => page.getByTestId('preview-tier-published').count(), { timeout: UI_TIMEOUT })
      .toBeGreaterThan(0);
    await page.getByTestId('draft-save').click();
    await expect.poll(() => page.getByTestId('draft-dirty').count(), { timeout: UI_TIMEOUT }).toBe(0);
    await page.getByTestId('publish').click();
    await expect
      .poll(() => page.locator('[data-testid="version-row"][data-version="2"]').getAttribute('data-status'), {
        timeout: UI_TIMEOUT,
      })
      .toBe('published');
    await page.getByTestId('diff-from').selectOption('1');
    await page.getByTestId('diff-to').selectOption('2');
    await expect
      .poll(() => page.getByTestId('diff-change').count(), { timeout: UI_TIMEOUT })
      .toBeGreaterThan(1);
    await shot('studio-model-versions');
  });

  it('backtests on the past renewals and calibrates the weights into a draft', async () => {
    await page.getByTestId('backtest-lead-days').fill('30');
    await page.getByTestId('backtest-run').click();
    await expect.poll(() => page.getByTestId('backtest-auc').isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await page.getByTestId('backtest-auc').textContent()).toMatch(/\d/);
    await page.getByTestId('calibrate-run').click();
    await expect
      .poll(() => page.getByTestId('calibration-result').isVisible(), { timeout: 60_000 })
      .toBe(true);
    const model = await api<{ versions: { status: string }[] }>('/api/models/enterprise');
    expect(model.versions[0]!.status).toBe('draft');
    await shot('studio-backtest');
  });

  it('gives enterprise accounts their own segment, and scoring puts an account in it', async () => {
    await studio('segments');
    await page.getByTestId('segment-new').click();
    await page.getByTestId('segment-name').fill('Enterprise');
    await page.getByTestId('condition-field-0').selectOption('plan');
    await page.getByTestId('condition-op-0').selectOption('eq');
    await page.getByTestId('condition-value-0').fill('enterprise');
    await page.getByTestId('segment-model').selectOption('enterprise');
    await page.getByTestId('segment-save').click();
    const row = page.getByTestId('segment-row').filter({ hasText: 'Enterprise' });
    await expect
      .poll(() => row.getByTestId('segment-count').getAttribute('data-count'), { timeout: UI_TIMEOUT })
      .not.toBe('0');
    await shot('studio-segments');
    const { runId } = await api<{ runId: string }>('/api/scoring/run', { method: 'POST' });
    await waitFor(
      async () => (await api<{ status: string }>(`/api/scoring/runs/${runId}`)).status === 'done',
      {
        timeoutMs: 60_000,
        message: 'the scoring run did not finish',
      },
    );
    const insight = await api<{ snapshot: { segmentId: string; modelId: string } }>(
      `/api/accounts/${enterprise.record.externalId}/insight`,
    );
    expect(insight.snapshot).toMatchObject({ modelId: 'enterprise' });
    await page.goto(`${server.url}/accounts/${enterprise.record.externalId}`);
    await expect
      .poll(() => page.locator('.account-header .facts').textContent(), { timeout: UI_TIMEOUT })
      .toContain('model enterprise');
  });

  it('shows the rules and every studio screen in Chinese', async () => {
    await studio('rules');
    await expect.poll(() => page.getByTestId('rule-row').count(), { timeout: UI_TIMEOUT }).toBeGreaterThan(3);
    await shot('studio-rules');
    await page.locator('.locale-switch select').selectOption('zh');
    for (const tab of ['segments', 'models', 'rules'] as const) {
      await studio(tab, tab === 'models' ? '?model=enterprise' : '');
      await page.waitForTimeout(500);
      await shot(`studio-${tab}-zh`);
    }
    expect(await page.getByTestId('studio-tab-rules').textContent()).toMatch(/[\u4e00-\u9fff]/);
  });
});
