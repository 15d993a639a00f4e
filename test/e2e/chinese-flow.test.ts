import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, ROOT, startDevServer } from '../support/dev-server.mjs';
import { launchChromium } from './browser';
import { CspWatch } from './csp';
import { adminApi, seedDetractorStory } from './detractor-seed';

// Issue 15's flow in Chinese, in real Chromium against `wrangler dev`: a detractor answer raises an alert; the
// CSM, reading Chinese, turns it into a task from the inbox's list view, completes it in My work, and the
// account timeline shows both. On every screen of the way the rendered text must hold none of the English the
// server stored for the alert (title, detail sentences, playbook paragraphs), nor the default rules' and tiers'
// English names: keys and parameters from the server, texts in the SPA.

const SCREENSHOTS = join(ROOT, 'test/e2e/screenshots');
const CSM = { name: '陈思', email: 'chen.si@example.com', password: 'staple paper clip zh' };
const ACCOUNT = { id: 'zh-acme', name: 'Acme 中国' };
const CONTACT = 'li.lei@example.com';
const UI_TIMEOUT = 20_000;
const TIER_NAMES = /\b(Green-yellow|Green|Yellow|Red)\b/;

interface StoredAlert {
  id: number;
  ruleId: string;
  title: string;
  detail: string;
  playbook: string;
}

let server: DevServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let alert: StoredAlert;
/** English the server stored or names by default, which a Chinese reader must never see. */
let english: string[] = [];
let api: ReturnType<typeof adminApi>;
const csp = new CspWatch();

/** Sentences and paragraphs of a stored English text, each long enough to be unmistakable. */
const pieces = (text: string) =>
  text
    .split(/\n+|(?<=[.:;])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 12);

/** The shared story (detractor-seed.ts), then the alert and every English text the server has for it. */
async function seed(): Promise<void> {
  await seedDetractorStory(server, {
    source: 'e2e zh',
    csm: CSM,
    account: ACCOUNT,
    contact: CONTACT,
    surveyName: '客户 NPS',
    comment: '太慢了',
  });
  const listed = await api(`/api/alerts?account=${ACCOUNT.id}&ruleId=nps-detractor`);
  [alert] = ((await listed.json()) as { items: StoredAlert[] }).items as [StoredAlert];
  expect(alert.title).toContain('NPS detractor');
  // Every alert of the account (the answer also rescored it), and every rule's English name.
  const all = ((await (await api(`/api/alerts?account=${ACCOUNT.id}`)).json()) as { items: StoredAlert[] })
    .items;
  const rules = ((await (await api('/api/alerts/rules')).json()) as { items: { name: string }[] }).items;
  english = [
    ...new Set([
      ...all.flatMap((a) => [a.title, ...pieces(a.detail), ...pieces(a.playbook)]),
      ...rules.map((r) => r.name),
    ]),
  ];
  expect(english.length).toBeGreaterThan(10);
}

/** The page's rendered text holds none of the server's English. */
async function expectNoServerEnglish(where: string): Promise<void> {
  const text = String(await page.evaluate('document.body.innerText'));
  const leaked = english.filter((s) => text.includes(s));
  expect(leaked, `${where}: English from the server`).toEqual([]);
  expect(text.match(TIER_NAMES)?.[0], `${where}: an English tier name`).toBeUndefined();
}

beforeAll(async () => {
  server = await startDevServer();
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  api = adminApi(server);
  await seed();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript(() => localStorage.setItem('keepwell.locale', 'zh'));
  await csp.watch(context);
  const signIn = await context.request.post(`${server.url}/api/auth/sign-in`, {
    data: { email: CSM.email, password: CSM.password },
  });
  expect(signIn.status()).toBe(200);
  page = await context.newPage();
}, 180_000);

afterEach(() => csp.expectNone());

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the daily flow in Chinese', () => {
  it('the inbox list shows the alert in Chinese; the CSM turns it into a task from the side panel', async () => {
    await page.goto(`${server.url}/alerts`);
    await page.getByTestId('alerts-view-list').click();
    const open = page.getByTestId(`alert-open-${alert.id}`);
    await open.waitFor({ timeout: UI_TIMEOUT });
    await open.click();
    const panel = page.getByTestId('alert-side-panel');
    await expect.poll(() => panel.textContent(), { timeout: UI_TIMEOUT }).toContain('NPS 贬损者');
    expect(await panel.getAttribute('aria-label')).not.toContain('NPS detractor');
    await expectNoServerEnglish('alert inbox');
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-flow-inbox.png'), fullPage: true });
    await panel.getByTestId(`alert-to-task-${alert.id}`).click();
    await panel.getByTestId('alert-task-done').waitFor({ timeout: UI_TIMEOUT });
    await expectNoServerEnglish('alert inbox, after the task');
  });

  it('My work lists the task and the alert in Chinese; the CSM completes the task', async () => {
    await page.goto(`${server.url}/work`);
    const today = page.getByTestId('work-group-today');
    await expect.poll(() => today.textContent(), { timeout: UI_TIMEOUT }).toContain('NPS 贬损者');
    await expect
      .poll(() => page.getByTestId('work-alerts').textContent(), { timeout: UI_TIMEOUT })
      .toContain('NPS 贬损者');
    await expectNoServerEnglish('My work');
    await today.getByTestId('task-complete').click();
    await expect.poll(() => page.getByTestId('work-empty').isVisible(), { timeout: UI_TIMEOUT }).toBe(true);
  });

  it('the account page and its timeline show the alert and the done task, in Chinese only', async () => {
    await page.goto(`${server.url}/accounts/${ACCOUNT.id}`);
    const timeline = page.getByTestId('timeline');
    await expect
      .poll(() => timeline.textContent(), { timeout: UI_TIMEOUT })
      .toContain('任务已完成：NPS 贬损者');
    expect(await timeline.locator('[data-kind="alert"]').count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('account-alerts').textContent(), { timeout: UI_TIMEOUT })
      .toContain('NPS 贬损者');
    await expectNoServerEnglish('account page');
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-flow-account.png'), fullPage: true });
  });
});
