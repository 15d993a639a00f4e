import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, startDevServer } from '../support/dev-server.mjs';
import { launchChromium } from './browser';
import { CspWatch, cspDirectives } from './csp';

// /api/docs in real headless Chromium against `wrangler dev`: the interactive reference renders the
// installation's own OpenAPI document from files the installation serves, under its CSP, with every request
// outside the server refused (no CDN, works offline).

const VIEWER = { name: 'Vi Viewer', email: 'vi@example.com', password: 'viewer password 1' };

let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  server = await startDevServer();
  browser = await launchChromium();
  const setup = await server.admin('/api/auth/setup', {
    method: 'POST',
    body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', password: 'correct horse battery' }),
  });
  expect(setup.status).toBe(201);
  // A viewer: the least role that may read the reference.
  const invite = await server.admin('/api/members/invites', {
    method: 'POST',
    body: JSON.stringify({ email: VIEWER.email, role: 'viewer' }),
  });
  expect(invite.status).toBe(201);
  const { url } = (await invite.json()) as { url: string };
  const token = url.split('/').pop()!;
  const accepted = await fetch(`${server.url}/api/auth/invites/${token}/accept`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: VIEWER.name, password: VIEWER.password }),
  });
  expect(accepted.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('/api/docs', () => {
  it('refuses a visitor who is not signed in', async () => {
    const res = await fetch(`${server.url}/api/docs`);
    expect(res.status).toBe(401);
  });

  it("renders the installation's own OpenAPI document for a viewer, offline and under its CSP", async () => {
    const context = await browser.newContext();
    const csp = new CspWatch();
    await csp.watch(context);
    // Anything outside the server is refused, as on a machine without internet.
    const outside: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url) || url.startsWith('data:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const signIn = await context.request.post(`${server.url}/api/auth/sign-in`, {
      data: { email: VIEWER.email, password: VIEWER.password },
    });
    expect(signIn.status()).toBe(200);

    const page = await context.newPage();
    const response = await page.goto(`${server.url}/api/docs`);
    expect(response?.status()).toBe(200);
    const policy = cspDirectives(response?.headers()['content-security-policy'] ?? null);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);

    await page.getByText('Keepwell API', { exact: false }).first().waitFor({ timeout: 20_000 });
    // Operations of several capabilities, with their paths as the document declares them.
    await page.locator('.opblock-summary-path', { hasText: '/api/sources' }).first().waitFor();
    // Every operation of the document is rendered (Swagger UI shows each tag expanded).
    const doc = (await (await context.request.get(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.values(doc.paths).flatMap((item) =>
      Object.keys(item).filter((k) => ['get', 'put', 'post', 'delete', 'patch'].includes(k)),
    ).length;
    expect(operations).toBeGreaterThan(80);
    expect(await page.locator('.opblock').count()).toBe(operations);
    await page.locator('.opblock-summary-path', { hasText: '/api/accounts/{externalId}' }).first().waitFor();
    await page.locator('.opblock-summary-path', { hasText: '/api/surveys' }).first().waitFor();
    // Opening an operation shows its declared responses, error envelope included.
    await page.locator('.opblock-summary-path', { hasText: '/api/sources' }).first().click();
    await page.getByText('UNAUTHORIZED', { exact: false }).first().waitFor();

    expect(outside).toEqual([]);
    csp.expectNone();
    await context.close();
  }, 60_000);
});
