import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, type ExpectStatic, expect, it } from 'vitest';
import { defaultLabelZh } from '../../shared/health/default-texts';
import { type DevServer, ROOT, startDevServer, waitFor } from '../support/dev-server.mjs';
import { launchChromium } from './browser';
import { CspWatch } from './csp';
import { LAYOUT_ACCOUNT, LAYOUT_ADMIN, seedLayoutData } from './layout-seed';

// Every main screen of the admin SPA with a realistic portfolio, at 1440×900 and 768×1024, in English and Chinese:
// a full-length screenshot of each (test/e2e/screenshots/layout/<screen>-<width>-<locale>.jpg, git-ignored) and
// layout properties measured in the page: the card grids use the whole width beside the menu, no card's content
// runs out of it (the dashboard's tier table did), nothing scrolls the page sideways, and no chart text, the
// radar's axis names included, is drawn outside its chart (they were cut: "Relationsh", "s (no data)").

const SCREENSHOTS = join(ROOT, 'test/e2e/screenshots/layout');
const UI_TIMEOUT = 20_000;
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 768, height: 1024 },
] as const;

/** A screen: where it is, what shows it has loaded, and whether its cards sit in a grid that must fill each row. */
interface Screen {
  name: string;
  path: string;
  ready: string;
  /** Runs after the page loaded (e.g. switches the alert inbox to cards). */
  open?: (page: Page) => Promise<void>;
  grid?: boolean;
}

const SCREENS: Screen[] = [
  { name: 'dashboard', path: '/', ready: '[data-testid="tier-distribution"] svg', grid: true },
  { name: 'accounts', path: '/accounts', ready: '[data-testid="accounts-table"] tbody tr' },
  {
    name: 'account',
    path: `/accounts/${LAYOUT_ACCOUNT.externalId}`,
    ready: '[data-testid="radar-chart"] svg path',
    grid: true,
  },
  {
    name: 'alerts-list',
    path: '/alerts',
    ready: '[data-testid="alert-list"][data-view="list"] [data-testid="alert-row"]',
    open: (page) => page.getByTestId('alerts-view-list').click(),
  },
  {
    name: 'alerts-cards',
    path: '/alerts',
    ready: '[data-testid="alert-list"][data-view="cards"] article.alert-card',
    open: (page) => page.getByTestId('alerts-view-cards').click(),
  },
  {
    name: 'alerts-list-panel',
    path: '/alerts',
    ready: '[data-testid="alert-side-panel"] article.alert-card',
    open: async (page) => {
      await page.getByTestId('alerts-view-list').click();
      await page.locator('[data-testid^="alert-open-"]').first().click();
    },
  },
  { name: 'my-work', path: '/work', ready: '[data-testid="work-group-overdue"]' },
  { name: 'metrics', path: '/metrics', ready: '[data-testid="kpis"]', grid: true },
  { name: 'surveys', path: '/surveys', ready: '[data-testid="surveys-list"]' },
  { name: 'survey', path: '/surveys/1', ready: '[data-testid="survey-distribution"] svg', grid: true },
  { name: 'studio-segments', path: '/studio/segments', ready: '[data-testid="segment-row"]' },
  {
    name: 'studio-models',
    path: '/studio/models',
    ready: '[data-testid="model-preview"] [data-testid="preview-result"]',
  },
  { name: 'studio-rules', path: '/studio/rules', ready: '[data-testid="rule-row"]' },
  {
    name: 'settings-sources',
    path: '/settings/sources',
    ready: '[aria-labelledby="sources-title"] tbody tr',
  },
  {
    name: 'settings-members',
    path: '/settings/members',
    ready: '[aria-labelledby="members-title"] tbody tr',
  },
  { name: 'settings-tiers', path: '/settings/tiers', ready: '[aria-labelledby="tiers-title"] input' },
];

/** What one screen measures in the page (all in CSS pixels). */
interface Layout {
  viewport: number;
  sider: number;
  main: number;
  /** The document's and the layout's scroll container's overflow to the right (0: no sideways scroll). */
  pageOverflow: number;
  /** Cards whose content is wider than the card, with by how much. */
  overflowingCards: string[];
  /** Rows of a card grid that use less than 90 % of its width: `row: used/width`. */
  partialRows: string[];
  /** Chart texts drawn outside their chart's box. */
  clippedChartText: string[];
  /** The radar's axis names as drawn, with the line breaks removed. */
  radarText: string | null;
}

/** Measures the page as it is now; runs in the browser (plain JS: the e2e project has no DOM types). */
const MEASURE = `(() => {
  const px = (n) => Math.round(n);
  const describe = (el) => el.getAttribute('data-testid') || el.getAttribute('aria-labelledby') || el.className;
  const doc = document.documentElement;
  const scroller = document.querySelector('.app-content-wrap .n-layout-scroll-container');
  const pageOverflow = Math.max(doc.scrollWidth - doc.clientWidth, scroller ? scroller.scrollWidth - scroller.clientWidth : 0);
  const overflowingCards = [...document.querySelectorAll('#main .panel')]
    .filter((card) => card.scrollWidth > card.clientWidth + 1)
    .map((card) => describe(card) + ' ' + card.scrollWidth + '>' + card.clientWidth);
  const partialRows = [];
  for (const grid of document.querySelectorAll('#main .portfolio-grid')) {
    const box = grid.getBoundingClientRect();
    const rows = new Map();
    for (const child of grid.children) {
      const r = child.getBoundingClientRect();
      if (r.width <= 1 || getComputedStyle(child).position === 'absolute') continue;
      const row = rows.get(px(r.top)) ?? { left: r.left, right: r.right, cards: [] };
      row.left = Math.min(row.left, r.left);
      row.right = Math.max(row.right, r.right);
      row.cards.push(describe(child));
      rows.set(px(r.top), row);
    }
    for (const row of rows.values()) {
      if (row.right - row.left < 0.9 * box.width) partialRows.push(row.cards.join(' + ') + ': ' + px(row.right - row.left) + '/' + px(box.width));
    }
  }
  const clippedChartText = [];
  for (const svg of document.querySelectorAll('#main x-vue-echarts svg')) {
    const box = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll('text')) {
      const r = text.getBoundingClientRect();
      if (r.width === 0 || !text.textContent.trim()) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        clippedChartText.push(text.textContent + ' [' + px(r.left - box.left) + '..' + px(r.right - box.left) + ' of ' + px(box.width) + ']');
    }
  }
  const radar = document.querySelector('[data-testid="radar-chart"] svg');
  return {
    viewport: window.innerWidth,
    sider: px(document.querySelector('.app-sider').getBoundingClientRect().width),
    main: px(document.querySelector('#main').getBoundingClientRect().width),
    pageOverflow,
    overflowingCards,
    partialRows,
    clippedChartText,
    radarText: radar ? [...radar.querySelectorAll('text')].map((t) => t.textContent).join('').replace(/\\s+/g, '') : null,
  };
})()`;

let server: DevServer;
let browser: Browser;
/** The radar's dimensions as the API names them (English) with their keys. */
let dimensions: { key: string; name: string }[] = [];
/** The name the radar shows a reader of `locale`: a default dimension's Chinese name in Chinese. */
const dimensionName = (d: { key: string; name: string }, locale: 'en' | 'zh') =>
  (locale === 'zh' ? defaultLabelZh('dimension', d.key, d.name) : undefined) ?? d.name;
const contexts: BrowserContext[] = [];
const csp = new CspWatch();

/**
 * Whether the page has come to rest after a load or a resize: nothing loading, the menu done opening or closing,
 * every chart redrawn at its container's width (ECharts resizes a moment after its box does).
 */
const SETTLED = `(() => {
  if (document.querySelector('#main [aria-busy="true"], #main .n-skeleton')) return false;
  const sider = document.querySelector('.app-sider').getBoundingClientRect().width;
  if (sider !== 64 && sider !== 224) return false;
  return [...document.querySelectorAll('#main x-vue-echarts')].every((host) => {
    const svg = host.querySelector('svg');
    return svg !== null && Math.abs(svg.getBoundingClientRect().width - host.clientWidth) <= 1;
  });
})()`;

/** Measures once the page is at rest and two measurements a moment apart agree. */
async function measureSettled(page: Page): Promise<Layout> {
  let last = '';
  return waitFor(
    async () => {
      if (!(await page.evaluate(SETTLED))) return false;
      const layout = (await page.evaluate(MEASURE)) as Layout;
      const same = JSON.stringify(layout) === last;
      last = JSON.stringify(layout);
      return same && layout;
    },
    { timeoutMs: UI_TIMEOUT, intervalMs: 150, message: 'the page did not settle' },
  );
}

/**
 * The whole screen, however long: the viewport grows to the content's height for the picture, then comes back.
 * JPEG: a 10,000 px PNG takes seconds to encode.
 */
async function screenshot(
  page: Page,
  name: string,
  viewport: { width: number; height: number },
): Promise<void> {
  const height = await page.evaluate(
    `Math.max(document.querySelector('.app-content-wrap .n-layout-scroll-container')?.scrollHeight ?? 0, ${viewport.height})`,
  );
  await page.setViewportSize({ width: viewport.width, height: Math.min(Number(height), 16_000) });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.jpg`), type: 'jpeg', quality: 80 });
  await page.setViewportSize(viewport);
}

/** Checks the measured layout of one screen at one width; softly, so one run reports every screen that fails. */
function expectLayout(expect: ExpectStatic, screen: Screen, layout: Layout, locale: 'en' | 'zh'): void {
  const where = `${screen.name} at ${layout.viewport} px`;
  expect.soft(layout.pageOverflow, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(0);
  expect
    .soft(layout.main, `${where}: main content width`)
    .toBeGreaterThanOrEqual(0.9 * (layout.viewport - layout.sider));
  expect.soft(layout.overflowingCards, `${where}: cards whose content runs out of them`).toEqual([]);
  expect.soft(layout.clippedChartText, `${where}: chart text outside its chart`).toEqual([]);
  if (screen.grid) expect.soft(layout.partialRows, `${where}: card rows that leave width unused`).toEqual([]);
  if (screen.name === 'account') {
    for (const d of dimensions) {
      const name = dimensionName(d, locale);
      expect.soft(layout.radarText, `${where}: the radar names ${name}`).toContain(name.replace(/\s+/g, ''));
    }
  }
}

/**
 * Opens `path` inside the running SPA, as its links do, instead of reloading the app for every screen: Vue
 * Router follows a history entry pushed by hand when told so by a `popstate` event (its back-button path).
 */
async function navigate(page: Page, path: string): Promise<void> {
  if (new URL(page.url()).pathname === path) return page.reload().then(() => undefined);
  await page.evaluate(
    `history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'))`,
  );
  await page.waitForURL((u) => u.pathname === path, { timeout: UI_TIMEOUT });
}

async function visit(expect: ExpectStatic, page: Page, screen: Screen, locale: 'en' | 'zh'): Promise<void> {
  await page.setViewportSize(VIEWPORTS[0]);
  await navigate(page, screen.path);
  await screen.open?.(page);
  await page.locator(screen.ready).first().waitFor({ timeout: UI_TIMEOUT });
  // One load per screen: 768 px is the same page resized, as a tablet turned to portrait; charts redraw on resize.
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    const layout = await measureSettled(page);
    await screenshot(page, `${screen.name}-${viewport.width}-${locale}`, viewport);
    expectLayout(expect, screen, layout, locale);
  }
}

/** A signed-in admin's page of its own browser context, in `locale` as chosen in the header like a reader does. */
async function signedIn(locale: 'en' | 'zh'): Promise<Page> {
  // Reduced motion: charts draw at once (no grow-in animation to wait for before measuring).
  const context = await browser.newContext({
    viewport: VIEWPORTS[0],
    locale: 'en-US',
    reducedMotion: 'reduce',
  });
  contexts.push(context);
  await csp.watch(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(LAYOUT_ADMIN.email);
  await page.getByLabel('Password').fill(LAYOUT_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.pathname === '/', { timeout: UI_TIMEOUT });
  await page.locator('.locale-switch select').selectOption(locale);
  await page.waitForFunction(`document.documentElement.lang === '${locale === 'zh' ? 'zh-CN' : 'en-US'}'`);
  return page;
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startDevServer();
  browser = await launchChromium();
  await seedLayoutData(server);
  const insight = (await (
    await server.admin(`/api/accounts/${LAYOUT_ACCOUNT.externalId}/insight`)
  ).json()) as {
    dimensions: { key: string; name: string }[];
  };
  dimensions = insight.dimensions;
}, 240_000);

afterEach(() => csp.expectNone());

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

describe('layout of every screen at 1440 and 768 px', () => {
  it('the seeded account has dimensions for the radar', () => {
    expect(dimensions.length).toBeGreaterThanOrEqual(3);
  });

  for (const locale of ['en', 'zh'] as const) {
    it(`in ${locale === 'en' ? 'English' : 'Chinese'}: full-width grids, no overflow, no clipped chart text`, async ({
      expect,
    }) => {
      const page = await signedIn(locale);
      for (const screen of SCREENS) await visit(expect, page, screen, locale);
    });
  }
});
