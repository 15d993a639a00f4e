import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, ROOT, startDevServer, waitFor } from '../support/dev-server.mjs';

const SCREENSHOTS = join(ROOT, 'test/e2e/screenshots');
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  server = await startDevServer();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('admin SPA served by the Worker', () => {
  it('signs in with the admin token and lists the accounts the API holds', async () => {
    const created = await server.admin('/api/sources', {
      method: 'POST',
      body: JSON.stringify({ name: 'spa' }),
    });
    const source = (await created.json()) as { writeKey: string };
    const res = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: { Authorization: `Basic ${btoa(`${source.writeKey}:`)}` },
      body: JSON.stringify({
        batch: [
          {
            type: 'group',
            userId: 'ann',
            groupId: 'globex',
            traits: { name: 'Globex Corp', plan: 'enterprise', seats: 40, arr: 96000 },
          },
          {
            type: 'group',
            userId: 'bo',
            groupId: 'initech',
            traits: { name: 'Initech', plan: 'starter', seats: 5 },
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    await waitFor(
      async () =>
        ((await (await server.admin('/api/accounts')).json()) as { items: unknown[] }).items.length === 2,
      {
        timeoutMs: 30_000,
      },
    );

    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(`${server.url}/`);
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 }).toBeTruthy();

    await page.getByLabel('Admin token').fill(server.adminToken);
    await page.getByRole('button', { name: 'Continue' }).click();
    const rows = page.locator('table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    const text = await page.locator('table').textContent();
    expect(text).toContain('Globex Corp');
    expect(text).toContain('enterprise');
    expect(text).toContain('$96,000');
    expect(text).toContain('Initech');
    await page.screenshot({ path: join(SCREENSHOTS, 'accounts.png'), fullPage: true });

    // Deep links fall back to the SPA; API paths never do.
    const deep = await fetch(`${server.url}/accounts/globex`);
    expect(deep.headers.get('content-type')).toContain('text/html');
    const api = await fetch(`${server.url}/api/nope`, {
      headers: { Authorization: `Bearer ${server.adminToken}` },
    });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    await page.close();
  });
});
