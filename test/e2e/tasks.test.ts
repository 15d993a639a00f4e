import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, ROOT, startDevServer } from '../support/dev-server.mjs';
import { launchChromium } from './browser';
import { CspWatch } from './csp';
import { adminApi, seedDetractorStory } from './detractor-seed';

// Tasks end to end in real Chromium against `wrangler dev`: a detractor answer raises an alert assigned to the
// account's CSM; the CSM opens the account, turns the alert into a task, completes it in My work, and the account
// timeline shows the alert and the task; then the same screens in Chinese show the zh strings of the task UI.
// Each `it` builds on the previous one (one server, one story).

const SCREENSHOTS = join(ROOT, 'test/e2e/screenshots');
const CSM = { name: 'Cy Csm', email: 'cy@example.com', password: 'staple paper clip' };
const ACCOUNT = { id: 'acme', name: 'Acme Corp' };
const CONTACT = 'dana@example.com';
const ALERT_TITLE = `NPS detractor: ${CONTACT} answered 2 of 10`;
const UI_TIMEOUT = 20_000;

let server: DevServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let api: ReturnType<typeof adminApi>;
const csp = new CspWatch();

beforeAll(async () => {
  server = await startDevServer();
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  api = adminApi(server);
  await seedDetractorStory(server, {
    source: 'e2e tasks',
    csm: CSM,
    account: ACCOUNT,
    contact: CONTACT,
    surveyName: 'Customer NPS',
  });
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  await csp.watch(context);
  page = await context.newPage();
});

afterEach(() => csp.expectNone());

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('tasks in Chromium', () => {
  it('the CSM turns the alert into a task on the account page', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(CSM.email);
    await page.getByLabel('Password').fill(CSM.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/', { timeout: UI_TIMEOUT });

    await page.goto(`${server.url}/accounts/${ACCOUNT.id}`);
    const alerts = page.getByTestId('account-alerts');
    await expect.poll(() => alerts.textContent(), { timeout: UI_TIMEOUT }).toContain(ALERT_TITLE);
    // The answer also rescored the account, which may raise other alerts: pick the detractor's.
    const listed = await api(`/api/alerts?account=${ACCOUNT.id}&ruleId=nps-detractor`);
    const [alert] = ((await listed.json()) as { items: { id: number }[] }).items;
    await alerts.getByTestId(`alert-to-task-${alert!.id}`).click();
    await expect
      .poll(() => page.getByTestId('account-tasks').textContent(), { timeout: UI_TIMEOUT })
      .toContain(ALERT_TITLE);
    // Critical (detractor): due today, so the navigation badge counts it.
    await expect
      .poll(() => page.getByTestId('nav-work-badge').textContent(), { timeout: UI_TIMEOUT })
      .toBe('1');
  });

  it('completes the task in My work', async () => {
    await page.getByRole('link', { name: /My work/ }).click();
    await page.waitForURL(/\/work$/, { timeout: UI_TIMEOUT });
    const today = page.getByTestId('work-group-today');
    await expect.poll(() => today.textContent(), { timeout: UI_TIMEOUT }).toContain(ALERT_TITLE);
    await expect
      .poll(() => page.getByTestId('work-alerts').textContent(), { timeout: UI_TIMEOUT })
      .toContain(ALERT_TITLE);
    await page.screenshot({ path: join(SCREENSHOTS, 'tasks-my-work.png'), fullPage: true });
    await today.getByRole('button', { name: 'Complete' }).click();
    await expect.poll(() => page.getByTestId('work-empty').isVisible(), { timeout: UI_TIMEOUT }).toBe(true);
    await expect.poll(() => page.getByTestId('nav-work-badge').count(), { timeout: UI_TIMEOUT }).toBe(0);
  });

  it('the account timeline shows the alert and the task, created and done', async () => {
    await page.goto(`${server.url}/accounts/${ACCOUNT.id}`);
    const timeline = page.getByTestId('timeline');
    await expect
      .poll(() => timeline.textContent(), { timeout: UI_TIMEOUT })
      .toContain(`Task done: ${ALERT_TITLE}`);
    const text = (await timeline.textContent()) ?? '';
    expect(text).toContain(`Task: ${ALERT_TITLE}`);
    expect(text).toContain(ALERT_TITLE);
    expect(await timeline.locator('[data-kind="alert"]').count()).toBeGreaterThan(0);
  });

  it('in Chinese, My work and the account page show the zh strings of the task UI', async () => {
    await page.evaluate(() => localStorage.setItem('keepwell.locale', 'zh'));
    await page.goto(`${server.url}/work`);
    await expect.poll(() => page.locator('h1').textContent(), { timeout: UI_TIMEOUT }).toBe('我的工作');
    await expect
      .poll(() => page.getByTestId('work-empty').textContent(), { timeout: UI_TIMEOUT })
      .toBe('没有待办任务。');
    await page.goto(`${server.url}/accounts/${ACCOUNT.id}`);
    const tasks = page.getByTestId('account-tasks');
    await expect.poll(() => tasks.locator('h2').textContent(), { timeout: UI_TIMEOUT }).toBe('任务');
    expect(await page.getByTestId('success-plan').locator('h2').textContent()).toBe('成功计划');
    expect(await tasks.getByRole('button', { name: '添加任务' }).count()).toBe(1);
    await expect
      .poll(() => page.getByTestId('timeline').textContent(), { timeout: UI_TIMEOUT })
      .toContain('任务已完成：');
    await page.screenshot({ path: join(SCREENSHOTS, 'tasks-account-zh.png'), fullPage: true });
  });
});
