import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, ROOT, startDevServer, waitFor } from '../support/dev-server.mjs';
import { launchChromium, runScoringAndWait, tooltipOf } from './browser';
import { CspWatch, cspDirectives, expectStrictPagePolicy } from './csp';

// The admin SPA in real headless Chromium against `wrangler dev`: first admin set-up, sign-in, dashboard
// after a scoring run, account page (radar, breakdown, touchpoint, an override shown at once), and a csm invited from
// Settings who then cannot change settings. Each `it` builds on the previous one (one server, one story).
// Every page runs under the SPA's Content-Security-Policy, and no test may leave a violation behind.

const SCREENSHOTS = join(ROOT, 'test/e2e/screenshots');
const ADMIN = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery' };
const CSM = { name: 'Cy Csm', email: 'cy@example.com', password: 'staple paper clip' };
const UI_TIMEOUT = 20_000;
const DAY_MS = 86_400_000;

let server: DevServer;
let browser: Browser;
let adminContext: BrowserContext;
let admin: Page;
const csp = new CspWatch();

/** Accounts with very different usage, so the default model puts them in different tiers. */
const ACCOUNTS = [
  { id: 'globex', name: 'Globex Corp', seats: 10, users: 10, days: 14, arr: 96_000 },
  { id: 'initech', name: 'Initech', seats: 40, users: 2, days: 2, arr: 24_000 },
  { id: 'hooli', name: 'Hooli', seats: 20, users: 8, days: 10, arr: 60_000 },
  { id: 'umbrella', name: 'Umbrella', seats: 50, users: 1, days: 1, arr: 12_000 },
];
const FEATURES = ['Report Run', 'Dashboard Viewed', 'Invite Sent', 'Export Created', 'Search Performed'];

async function seed(): Promise<void> {
  const created = await server.admin('/api/sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'e2e' }),
  });
  expect(created.status).toBe(201);
  const { writeKey } = (await created.json()) as { writeKey: string };
  const now = Date.now();
  const batch: Record<string, unknown>[] = [];
  let seq = 0;
  for (const a of ACCOUNTS) {
    batch.push({
      type: 'group',
      messageId: `g-${a.id}`,
      userId: `${a.id}-u0`,
      groupId: a.id,
      traits: {
        name: a.name,
        plan: 'growth',
        seats: a.seats,
        arr: a.arr,
        csm: CSM.email,
        renewal_date: '2027-01-15',
      },
    });
    for (let u = 0; u < a.users; u++) {
      for (let d = 0; d < a.days; d++) {
        for (const [f, event] of FEATURES.entries()) {
          if (f >= 1 + (a.days % FEATURES.length) && a.users < 5) continue;
          batch.push({
            type: 'track',
            messageId: `t-${a.id}-${++seq}`,
            userId: `${a.id}-u${u}`,
            event,
            context: { groupId: a.id },
            properties: { durationMs: 120_000 },
            timestamp: new Date(now - (d + 1) * DAY_MS).toISOString(),
          });
        }
      }
    }
  }
  for (let i = 0; i < batch.length; i += 500) {
    const res = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: { Authorization: `Basic ${btoa(`${writeKey}:`)}` },
      body: JSON.stringify({ batch: batch.slice(i, i + 500) }),
    });
    expect(res.status).toBe(200);
  }
  const tracks = batch.length - ACCOUNTS.length;
  await waitFor(
    async () => {
      const stats = (await (await server.admin('/api/ingest/stats')).json()) as { rolledUpEvents: number };
      return stats.rolledUpEvents === tracks;
    },
    { timeoutMs: 60_000, message: 'seeded events were not all rolled up' },
  );
}

/** A full-page screenshot once the page's requests have settled (no half-loaded tables in the pictures). */
async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** An account whose name, module and feature are HTML, with a week of usage, scored by a fresh run. */
async function seedHostileAccount(name: string, module: string, feature: string): Promise<void> {
  const created = await server.admin('/api/sources', {
    method: 'POST',
    body: JSON.stringify({ name: 'hostile' }),
  });
  const { writeKey } = (await created.json()) as { writeKey: string };
  const now = Date.now();
  const batch = [
    {
      type: 'group',
      messageId: 'g-evil',
      userId: 'evil-u0',
      groupId: 'evil',
      traits: { name, plan: 'growth', seats: 3, arr: 5_000 },
    },
    ...Array.from({ length: 7 }, (_, d) => ({
      type: 'track',
      messageId: `t-evil-${d}`,
      userId: 'evil-u0',
      event: feature,
      context: { groupId: 'evil' },
      properties: { module, durationMs: 60_000 },
      timestamp: new Date(now - (d + 1) * DAY_MS).toISOString(),
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
      const account = (await (await server.admin('/api/accounts/evil')).json()) as { usage?: unknown[] };
      return (account.usage?.length ?? 0) > 0;
    },
    { timeoutMs: 60_000, message: 'the hostile account was not rolled up' },
  );
  await runScoringAndWait(server);
}

/** Moves the mouse to the middle of an element, as a user pointing at a bar does. */
async function hoverElement(target: Locator): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error('nothing to hover');
  await target.page().mouse.move(box.x + box.width / 2, box.y + box.height / 2);
}

/** Waits until the chart's tooltip shows `text`, literally. */
async function expectTooltipText(chart: Locator, text: string): Promise<void> {
  await expect.poll(() => tooltipOf(chart).textContent(), { timeout: UI_TIMEOUT }).toContain(text);
}

/**
 * Points at a grid of spots over a chart until its tooltip says what `shows` looks for (a radar or a line
 * answers only where there is data); fails if no spot does.
 */
async function hoverChart(chart: Locator, shows: (tooltip: string) => boolean): Promise<void> {
  await chart.locator('x-vue-echarts').scrollIntoViewIfNeeded();
  const box = await chart.locator('x-vue-echarts').boundingBox();
  if (!box) throw new Error('the chart is not drawn');
  const page = chart.page();
  const showsAt = async (x: number, y: number) => {
    await page.mouse.move(x, y);
    // The tooltip follows the pointer after a render; on a busy machine that takes more than one frame, so
    // each spot gets a few reads before the next is tried.
    for (let read = 0; read < 4; read++) {
      await page.waitForTimeout(150);
      const text = await tooltipOf(chart)
        .textContent({ timeout: 1_000 })
        .catch(() => '');
      if (text && shows(text)) return true;
    }
    return false;
  };
  // A radar (and a line with symbols) answers only on its points: hover each drawn symbol (a small path)
  // first, where it is, instead of hoping a grid of spots hits one.
  const symbols = await chart.locator('x-vue-echarts path, x-vue-echarts circle').evaluateAll((paths) =>
    paths
      .map((p) => p.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.width <= 16 && r.height > 0 && r.height <= 16)
      .map((r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 })),
  );
  for (const { x, y } of symbols.slice(0, 40)) if (await showsAt(x, y)) return;
  for (const fy of [0.5, 0.4, 0.6, 0.3, 0.7, 0.35, 0.45, 0.25, 0.2]) {
    for (const fx of [0.5, 0.4, 0.6, 0.3, 0.7, 0.8]) {
      if (await showsAt(box.x + box.width * fx, box.y + box.height * fy)) return;
    }
  }
  throw new Error(
    `no tooltip with the expected text; last: ${await tooltipOf(chart)
      .textContent()
      .catch(() => '')}`,
  );
}

/** No injected element exists and no injected handler ran. */
async function expectNothingRan(page: Page): Promise<void> {
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
}

beforeAll(async () => {
  server = await startDevServer();
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await seed();
  adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await csp.watch(adminContext);
  admin = await adminContext.newPage();
});

afterEach(() => csp.expectNone());

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('admin SPA in Chromium', () => {
  it('sends a new install to set-up, which creates the first admin with the bootstrap token', async () => {
    await admin.goto(`${server.url}/`);
    await admin.waitForURL(/\/setup/, { timeout: UI_TIMEOUT });
    await admin.getByLabel('Bootstrap admin token').fill('not-the-token');
    await admin.getByLabel('Name').fill(ADMIN.name);
    await admin.getByLabel('Email').fill(ADMIN.email);
    await admin.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await shot(admin, 'setup');
    await admin.getByRole('button', { name: 'Create admin and sign in' }).click();
    // A wrong token is refused with the API's request id on screen.
    await expect
      .poll(() => admin.getByRole('alert').first().textContent(), { timeout: UI_TIMEOUT })
      .toMatch(/request/i);

    await admin.getByLabel('Bootstrap admin token').fill(server.adminToken);
    await admin.getByRole('button', { name: 'Create admin and sign in' }).click();
    await admin.waitForURL((url) => url.pathname === '/', { timeout: UI_TIMEOUT });
    const state = (await (await fetch(`${server.url}/api/auth/state`)).json()) as { setupRequired: boolean };
    expect(state.setupRequired).toBe(false);
  });

  it('signs out, refuses a wrong password, and signs in with the right one', async () => {
    await admin.getByRole('button', { name: new RegExp(ADMIN.name) }).click();
    await admin.getByText('Sign out', { exact: true }).click();
    await admin.waitForURL(/\/sign-in/, { timeout: UI_TIMEOUT });
    // The session cookie is HttpOnly: the page's script cannot read it.
    expect(await admin.evaluate<string>('document.cookie')).not.toContain('kw_session');

    await admin.getByLabel('Email').fill(ADMIN.email);
    await admin.getByLabel('Password').fill('wrong password here');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => admin.getByRole('alert').first().textContent(), { timeout: UI_TIMEOUT })
      .toContain('do not match');
    await shot(admin, 'sign-in');

    await admin.getByLabel('Password').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.waitForURL((url) => url.pathname === '/', { timeout: UI_TIMEOUT });
    const cookies = await adminContext.cookies(server.url);
    const session = cookies.find((c) => c.name === 'kw_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
  });

  it('runs scoring from the dashboard and then shows the tier distribution', async () => {
    await admin.getByTestId('run-scoring').click();
    await expect
      .poll(() => admin.getByTestId('run-scoring-status').textContent(), { timeout: 60_000 })
      .toMatch(/4 of 4/);
    const distribution = admin.getByTestId('tier-distribution');
    await expect.poll(() => distribution.textContent(), { timeout: UI_TIMEOUT }).toMatch(/\d/);
    const portfolio = (await (await server.admin('/api/dashboard')).json()) as {
      tiers: { name: string; count: number }[];
    };
    const scored = portfolio.tiers.reduce((n, t) => n + t.count, 0);
    expect(scored).toBe(ACCOUNTS.length);
    for (const tier of portfolio.tiers.filter((t) => t.count > 0)) {
      expect(await distribution.textContent()).toContain(tier.name);
    }
    await expect.poll(() => admin.getByTestId('score-histogram').locator('svg').count()).toBeGreaterThan(0);
    await shot(admin, 'dashboard');
  });

  it('lists the accounts with tiers and scores, and opens an account page with its radar and breakdown', async () => {
    await admin.getByRole('link', { name: 'Accounts' }).first().click();
    const table = admin.getByTestId('accounts-table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: UI_TIMEOUT }).toBe(ACCOUNTS.length);
    expect(await table.textContent()).toContain('Globex Corp');
    await shot(admin, 'accounts');

    await table.getByText('Globex Corp').click();
    await admin.waitForURL(/\/accounts\/globex/, { timeout: UI_TIMEOUT });
    await expect
      .poll(() => admin.getByTestId('account-score').textContent(), { timeout: UI_TIMEOUT })
      .toMatch(/\d/);
    await expect
      .poll(() => admin.getByTestId('radar-chart').locator('svg path').count(), { timeout: UI_TIMEOUT })
      .toBeGreaterThan(0);
    const breakdown = admin.getByTestId('measure-breakdown');
    await expect
      .poll(() => breakdown.locator('tbody tr').count(), { timeout: UI_TIMEOUT })
      .toBeGreaterThan(0);
    await expect.poll(() => admin.getByTestId('improvements').textContent()).toBeTruthy();
    await shot(admin, 'account');
  });

  it('logs a touchpoint that appears on the timeline', async () => {
    const form = admin.getByTestId('touchpoint-form');
    await form.getByLabel('Kind').selectOption('qbr');
    await form.getByLabel('Summary').fill('Quarterly review with the VP of Ops');
    await form.getByRole('button', { name: 'Log touchpoint' }).click();
    await expect
      .poll(() => admin.getByTestId('timeline').textContent(), { timeout: UI_TIMEOUT })
      .toContain('Quarterly review with the VP of Ops');
    const timeline = (await (await server.admin('/api/accounts/globex/timeline')).json()) as {
      items: { kind: string; title: string; actor: string | null }[];
    };
    const logged = timeline.items.find((i) => i.kind === 'touchpoint');
    expect(logged?.actor).toBe(ADMIN.email);
  });

  it('overrides the tier with a reason and expiry, and the page shows the overridden tier at once', async () => {
    const tierBadge = admin.getByTestId('account-tier');
    const computedTier = await tierBadge.getAttribute('data-tier');
    expect(computedTier).not.toBe('red');
    const form = admin.getByTestId('override-form');
    await form.getByLabel('Tier').selectOption('red');
    await form.getByLabel('Reason').fill('Champion left; renewal at risk');
    const until = new Date(Date.now() + 30 * DAY_MS).toISOString().slice(0, 10);
    await form.getByLabel('Ends after').fill(until);
    await form.getByRole('button', { name: 'Save override' }).click();
    // No scoring run and no reload: saving rescored the account, and the header agrees with itself.
    await expect.poll(() => tierBadge.getAttribute('data-tier'), { timeout: UI_TIMEOUT }).toBe('red');
    const banner = admin.getByTestId('override-active');
    expect(await banner.getAttribute('data-state')).toBe('active');
    const text = await banner.textContent();
    expect(text).toContain(`Set to Red by ${ADMIN.email}`);
    expect(text).toContain('Champion left; renewal at risk');
    expect(text).toMatch(/Computed: \d+, /);
    expect(await form.textContent()).toContain('the account was rescored and shows it');
    const health = (await (await server.admin('/api/accounts/globex')).json()) as {
      health: { tier: string; overridden: boolean; computedTier: string };
    };
    expect(health.health).toMatchObject({ tier: 'red', overridden: true });
    await tierBadge.scrollIntoViewIfNeeded();
    await shot(admin, 'account-overridden');

    // Removing it shows the computed tier again, at once.
    await form.getByTestId('override-remove').click();
    await expect
      .poll(() => tierBadge.getAttribute('data-tier'), { timeout: UI_TIMEOUT })
      .toBe(health.health.computedTier);
    expect(await admin.getByTestId('override-active').count()).toBe(0);
  });

  it('invites a csm who can work alerts but cannot change settings', async () => {
    // The accounts' owner is not a member yet: their alerts are unassigned, and the inbox offers to invite them.
    await admin.goto(`${server.url}/alerts`);
    const invite = admin.getByTestId('alert-invite-owner').first();
    await expect.poll(() => invite.textContent(), { timeout: UI_TIMEOUT }).toBe(`Invite ${CSM.email}`);
    await invite.click();
    await admin.waitForURL((url) => url.pathname === '/settings/members', { timeout: UI_TIMEOUT });
    expect(await admin.getByLabel('Email', { exact: true }).inputValue()).toBe(CSM.email);
    expect(await admin.getByLabel('Role', { exact: true }).inputValue()).toBe('csm');
    await admin.getByRole('button', { name: 'Create invite link' }).click();
    const link = (await admin.getByTestId('secret').textContent({ timeout: UI_TIMEOUT }))?.trim() ?? '';
    expect(link).toMatch(/\/invite\//);
    await shot(admin, 'settings-members');

    const csmContext = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'en-US' });
    await csp.watch(csmContext);
    const csm = await csmContext.newPage();
    try {
      await csm.goto(link);
      await csm.getByLabel('Name').fill(CSM.name);
      await csm.getByLabel('Password', { exact: true }).fill(CSM.password);
      await csm.getByLabel('Repeat new password').fill(CSM.password);
      await csm.getByRole('button', { name: 'Create account' }).click();
      await csm.waitForURL((url) => url.pathname === '/', { timeout: UI_TIMEOUT });
      await shot(csm, 'dashboard-csm-tablet');

      await csm.goto(`${server.url}/settings/sources`);
      await expect
        .poll(() => csm.getByText('only admins can change them').count(), { timeout: UI_TIMEOUT })
        .toBeGreaterThan(0);
      expect(await csm.getByRole('button', { name: 'Create source' }).count()).toBe(0);
      await shot(csm, 'settings-csm');

      // The API refuses too, even with the session's own CSRF token.
      const status = await csm.evaluate(async () => {
        const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
        const res = await fetch('/api/sources', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
          body: JSON.stringify({ name: 'sneaky' }),
        });
        return res.status;
      });
      expect(status).toBe(403);

      // Alerts raised before the csm joined waited unassigned (never given to a non-member); accepting the
      // invite handed them to the csm, who owns those accounts.
      await csm.goto(`${server.url}/alerts`);
      await csm.getByTestId('alerts-assignee').selectOption(CSM.email);
      await expect
        .poll(() => csm.getByTestId('alert-list').textContent(), { timeout: UI_TIMEOUT })
        .toContain('Umbrella');
      await shot(csm, 'alerts');
    } finally {
      await csmContext.close();
    }
  });

  it('shows hostile tier, segment, account and module names as text in charts and runs none of them', async () => {
    // Each would set window.__xss if it became markup (and the CSP would report its inline handler).
    const xss = (what: string) => `<img src=x onerror=__xss='${what}'>`;
    const settings = (await (await server.admin('/api/settings/tiers')).json()) as {
      tiers: { key: string; name: string; color: string }[];
    };
    const renamed = settings.tiers.map((t) => ({ ...t, name: xss(t.key) }));
    const put = await server.admin('/api/settings/tiers', {
      method: 'PUT',
      body: JSON.stringify({ tiers: renamed }),
    });
    expect(put.status).toBe(200);
    const segments = (await (await server.admin('/api/segments')).json()) as {
      items: { id: string; isDefault: boolean }[];
    };
    const fallback = segments.items.find((s) => s.isDefault)!;
    const patched = await server.admin(`/api/segments/${encodeURIComponent(fallback.id)}`, {
      method: 'PATCH',
      body: JSON.stringify({ name: xss('segment') }),
    });
    expect(patched.status).toBe(200);
    await seedHostileAccount(xss('account'), xss('module'), xss('feature'));

    await admin.goto(`${server.url}/`);
    const distribution = admin.getByTestId('tier-distribution');
    await expect
      .poll(() => distribution.locator('x-vue-echarts path').count(), { timeout: UI_TIMEOUT })
      .toBeGreaterThan(0);
    const dashboard = (await (await server.admin('/api/dashboard')).json()) as {
      tiers: { key: string; count: number }[];
    };
    let hovered = 0;
    for (const tier of renamed.filter((t) => dashboard.tiers.some((d) => d.key === t.key && d.count > 0))) {
      await hoverElement(distribution.locator(`x-vue-echarts path[fill="${tier.color}"]`).first());
      await expectTooltipText(distribution, tier.name);
      hovered++;
    }
    expect(hovered).toBeGreaterThan(0);
    const history = admin.getByTestId('tier-history');
    await hoverChart(history, (text) => renamed.some((t) => text.includes(t.name)));
    await expectNothingRan(admin);

    await admin.goto(`${server.url}/accounts/evil`);
    await expect
      .poll(() => admin.getByTestId('account-score').textContent(), { timeout: UI_TIMEOUT })
      .toMatch(/\d/);
    expect(await admin.locator('main').textContent()).toContain(xss('account'));
    expect(await admin.locator('main').textContent()).toContain(xss('segment'));
    await hoverChart(admin.getByTestId('radar-chart'), (text) => text.includes(xss('account')));
    await hoverChart(admin.getByTestId('activity').locator('figure').nth(1), (text) =>
      text.includes(xss('module')),
    );
    expect(await admin.getByTestId('activity').textContent()).toContain(xss('feature'));
    await expectNothingRan(admin);
    await shot(admin, 'account-hostile-names');
  });

  it('serves the SPA, its assets and the API with the security headers', async () => {
    const html = await fetch(`${server.url}/`);
    const deep = await fetch(`${server.url}/accounts/globex`);
    const script = (await html.clone().text()).match(/<script[^>]+src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.url}${script}`);
    for (const res of [html, deep, asset]) {
      expect(res.status).toBe(200);
      const policy = expectStrictPagePolicy(res.headers.get('Content-Security-Policy'));
      // Naive UI and ECharts style elements at run time; scripts stay 'self' only.
      expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('X-Frame-Options')).toBe('DENY');
      expect(res.headers.get('Referrer-Policy')).toBe('same-origin');
      expect(res.headers.get('Strict-Transport-Security')).toMatch(/^max-age=\d{8}/);
    }
    // The headers file itself is not served.
    expect(await (await fetch(`${server.url}/_headers`)).text()).not.toContain('Content-Security-Policy');

    const api = await server.admin('/api/accounts');
    expect(cspDirectives(api.headers.get('Content-Security-Policy')).get('default-src')).toEqual(["'none'"]);
    expect(api.headers.get('Cache-Control')).toBe('no-store');
    expect(api.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(api.headers.get('Referrer-Policy')).toBe('no-referrer');
    // wrangler dev serves http, where the Worker leaves HSTS out.
    expect(api.headers.get('Strict-Transport-Security')).toBeNull();
  });

  it('serves deep links to the SPA and keeps unknown API paths as JSON errors', async () => {
    const deep = await fetch(`${server.url}/accounts/globex`);
    expect(deep.headers.get('content-type')).toContain('text/html');
    const api = await server.admin('/api/nope');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
