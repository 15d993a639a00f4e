import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, ROOT, startDevServer, waitFor } from '../support/dev-server.mjs';
import { launchChromium } from './browser';
import { CspWatch, expectStrictPagePolicy } from './csp';

// Hosted surveys end to end in real Chromium against `wrangler dev`: an admin creates an NPS survey and a link for
// an account in the SPA; a customer opens the link in a fresh phone-sized context, switches to Chinese and answers
// as a detractor with a Chinese comment; the answer reaches the account timeline and raises a detractor alert.
// Each `it` builds on the previous one (one server, one story). Every page runs under its Content-Security-Policy
// (the survey page's allows no inline style either), and no test may leave a violation behind.

const SCREENSHOTS = join(ROOT, 'test/e2e/screenshots');
const ADMIN = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery' };
const ACCOUNT = { id: 'acme', name: 'Acme Corp' };
const SURVEY_NAME = 'Customer NPS';
const COMMENT = '报表导出太慢，客服回复也慢';
const UI_TIMEOUT = 20_000;
const DAY_MS = 86_400_000;

let server: DevServer;
let browser: Browser;
let adminContext: BrowserContext;
let admin: Page;
/** The link the admin generated, read from the page. */
let link = '';
const csp = new CspWatch();

async function seed(): Promise<void> {
  const created = await server.admin('/api/sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'e2e surveys' }),
  });
  expect(created.status).toBe(201);
  const { writeKey } = (await created.json()) as { writeKey: string };
  const batch = [
    {
      type: 'group',
      messageId: 'g-acme',
      userId: 'acme-u1',
      groupId: ACCOUNT.id,
      traits: { name: ACCOUNT.name, plan: 'growth', seats: 10, arr: 48_000, csm: ADMIN.email },
    },
    ...Array.from({ length: 5 }, (_, d) => ({
      type: 'track',
      messageId: `t-acme-${d}`,
      userId: 'acme-u1',
      event: 'Report Run',
      context: { groupId: ACCOUNT.id },
      timestamp: new Date(Date.now() - (d + 1) * DAY_MS).toISOString(),
    })),
  ];
  const res = await fetch(`${server.url}/v1/batch`, {
    method: 'POST',
    headers: { Authorization: `Basic ${btoa(`${writeKey}:`)}` },
    body: JSON.stringify({ batch }),
  });
  expect(res.status).toBe(200);
  await waitFor(
    async () => {
      const account = await server.admin(`/api/accounts/${ACCOUNT.id}`);
      return account.status === 200;
    },
    { timeoutMs: 60_000, message: 'the seeded account did not appear' },
  );
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  server = await startDevServer();
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await seed();
  // The first admin, through the bootstrap token (the set-up screen itself is covered by admin-spa.test.ts).
  const setup = await server.admin('/api/auth/setup', { method: 'POST', body: JSON.stringify(ADMIN) });
  expect(setup.status).toBe(201);
  adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await csp.watch(adminContext);
  admin = await adminContext.newPage();
});

afterEach(() => csp.expectNone());

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('hosted surveys in Chromium', () => {
  it('signs the admin in, creates an NPS survey and generates a link for the account', async () => {
    await admin.goto(`${server.url}/sign-in`);
    await admin.getByLabel('Email').fill(ADMIN.email);
    await admin.getByLabel('Password').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.waitForURL((url) => url.pathname === '/', { timeout: UI_TIMEOUT });

    await admin.getByRole('link', { name: 'Surveys' }).first().click();
    await admin.waitForURL(/\/surveys$/, { timeout: UI_TIMEOUT });
    await admin.getByTestId('survey-new').click();
    const form = admin.getByTestId('survey-create-form');
    // The texts start as the type's defaults in both languages.
    expect(await form.getByLabel('Question', { exact: true }).first().inputValue()).toBe(
      'How likely are you to recommend us to a friend or colleague?',
    );
    await form.getByLabel('Name', { exact: true }).fill(SURVEY_NAME);
    await form.getByRole('button', { name: 'Create survey' }).click();
    await admin.waitForURL(/\/surveys\/\d+$/, { timeout: UI_TIMEOUT });
    await expect.poll(() => admin.getByRole('heading', { level: 1 }).textContent()).toBe(SURVEY_NAME);

    const links = admin.getByTestId('generate-links-form');
    // An account-level link (the form starts on the people of accounts).
    await links.getByLabel('Whom to ask').selectOption('accounts');
    await links.getByLabel('Find accounts').fill('Acme');
    await links.getByRole('button', { name: `Add ${ACCOUNT.name}` }).click({ timeout: UI_TIMEOUT });
    await links.getByRole('button', { name: 'Generate links' }).click();
    const generated = admin.getByTestId('generated-links');
    await expect.poll(() => generated.textContent(), { timeout: UI_TIMEOUT }).toContain('1 link created');
    link = ((await generated.getByTestId('generated-link-url').first().textContent()) ?? '').trim();
    expect(link).toMatch(new RegExp(`^${server.url}/s/[^/?#]+$`));
  });

  it('lets the customer answer on a phone in Chinese, loading nothing but the survey', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      locale: 'en-US',
    });
    await csp.watch(phone);
    const page = await phone.newPage();
    const requests: string[] = [];
    const referers: string[] = [];
    page.on('request', (r) => {
      requests.push(`${r.method()} ${new URL(r.url()).pathname}`);
      void r.allHeaders().then((headers) => {
        if (headers.referer) referers.push(`${r.url()}: ${headers.referer}`);
      });
    });
    try {
      await page.goto(link);
      const question = page.getByTestId('survey-question');
      await expect
        .poll(() => question.textContent(), { timeout: UI_TIMEOUT })
        .toBe('How likely are you to recommend us to a friend or colleague?');

      await page.getByLabel('Language').selectOption('zh-CN');
      expect(await question.textContent()).toBe('您向朋友或同事推荐我们的可能性有多大？');
      expect(await page.evaluate<string>('document.documentElement.lang')).toBe('zh-CN');
      // Real radio buttons in a group named by the question, each with a spoken label; the ends say what they mean.
      const group = page.getByRole('radiogroup', { name: '您向朋友或同事推荐我们的可能性有多大？' });
      expect(await group.getByRole('radio').count()).toBe(11);
      expect(await page.getByTestId('score-10').getAttribute('aria-label')).toBe(
        '10 分（满分 10 分）— 极有可能',
      );
      const three = page.getByRole('radio', { name: '3 分（满分 10 分）', exact: true });
      const box = await three.boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
      expect(box?.width).toBeGreaterThanOrEqual(44);

      await three.tap();
      expect(await three.getAttribute('aria-checked')).toBe('true');
      await page.getByLabel('您给出这个分数的主要原因是什么？').fill(COMMENT);
      await shot(page, 'survey-phone');
      await page.getByTestId('survey-submit').tap();

      const thanks = page.getByTestId('survey-thanks');
      await expect.poll(() => thanks.textContent(), { timeout: UI_TIMEOUT }).toContain('谢谢您');
      expect(await thanks.textContent()).toContain(COMMENT);
      expect(await page.getByTestId('survey-change').textContent()).toContain('修改我的回答');
      await shot(page, 'survey-thanks');

      // One read of the token and one answer; no session check, no other API call.
      const api = requests.filter((r) => r.includes('/api/'));
      const path = new URL(link).pathname.replace('/s/', '/api/public/surveys/');
      expect(api).toEqual([`GET ${path}`, `POST ${path}`]);
      // Referrer-Policy no-referrer: the link (a credential) never leaves in a Referer, not even to Keepwell.
      expect(referers).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('shows a tampered link as invalid and writes nothing', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
    await csp.watch(context);
    const page = await context.newPage();
    try {
      const token = link.slice(link.lastIndexOf('/s/') + 3);
      const i = Math.floor(token.length / 3);
      const tampered = `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
      await page.goto(`${server.url}/s/${tampered}`);
      const error = page.getByTestId('survey-error');
      await expect
        .poll(() => error.textContent(), { timeout: UI_TIMEOUT })
        .toContain('This survey link is not valid');
      expect(await error.getAttribute('data-problem')).toBe('invalid');
      expect(await page.getByTestId('survey-question').count()).toBe(0);
    } finally {
      await context.close();
    }
    const responses = (await (await server.admin('/api/surveys')).json()) as {
      items: { name: string; stats: { responses: number } }[];
    };
    expect(responses.items.find((s) => s.name === SURVEY_NAME)?.stats.responses).toBe(1);
  });

  it('shows the answer on the survey page, the account timeline and as a detractor alert', async () => {
    await admin.reload();
    const summary = admin.getByTestId('survey-summary');
    await expect
      .poll(() => admin.getByTestId('survey-headline').textContent(), { timeout: UI_TIMEOUT })
      .toContain('-100');
    expect(await summary.locator('[data-group="detractor"]').textContent()).toContain('1');
    const responses = admin.getByTestId('survey-responses');
    await expect.poll(() => responses.textContent(), { timeout: UI_TIMEOUT }).toContain(COMMENT);
    await expect
      .poll(() => admin.getByTestId('survey-distribution').locator('svg').count(), { timeout: UI_TIMEOUT })
      .toBeGreaterThan(0);
    // Tall enough for the whole page (the app scrolls inside its layout), and past the charts' entry animation.
    await admin.setViewportSize({ width: 1280, height: 2200 });
    await admin.waitForTimeout(1500);
    await shot(admin, 'surveys-admin');
    await admin.setViewportSize({ width: 1280, height: 900 });

    await admin.goto(`${server.url}/accounts/${ACCOUNT.id}`);
    const timeline = admin.getByTestId('timeline');
    await expect.poll(() => timeline.textContent(), { timeout: UI_TIMEOUT }).toContain(COMMENT);
    expect(await timeline.locator('[data-kind="survey"]').first().textContent()).toContain(
      'NPS answer 3 of 10',
    );
    await expect
      .poll(() => admin.getByTestId('account-alerts').textContent(), { timeout: UI_TIMEOUT })
      .toContain('NPS detractor');

    await admin.getByRole('link', { name: 'Alerts' }).first().click();
    await expect
      .poll(() => admin.getByTestId('alert-list').textContent(), { timeout: UI_TIMEOUT })
      .toContain('NPS detractor');
    expect(await admin.getByTestId('alert-list').textContent()).toContain(ACCOUNT.name);
  });

  it('serves the survey page with a strict policy, no referrer, no caching, and refuses to be framed', async () => {
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('text/html');
    const policy = expectStrictPagePolicy(res.headers.get('Content-Security-Policy'));
    // Plain Vue and one CSS file: unlike the admin SPA, no inline style.
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');

    // Another site embedding the link: Chromium refuses to render it in the frame.
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const refused = page.waitForEvent('console', {
        predicate: (m) => /frame-ancestors/.test(m.text()),
        timeout: UI_TIMEOUT,
      });
      await page.setContent(`<iframe src="${link}" width="400" height="600"></iframe>`);
      await refused;
      const frame = page.frames().find((f) => f !== page.mainFrame());
      expect(await frame?.locator('[data-testid="survey-question"]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
