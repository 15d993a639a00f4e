import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimental_readRawConfig, unstable_readConfig } from 'wrangler';
import { type ForwardEnv, forwardToWorker } from '../../../pages/forward';

interface PagesBundle {
  fetch(request: Request, env: object, ctx: object): Promise<Response>;
}

const root = resolve(import.meta.dirname, '../../..');
const worker = experimental_readRawConfig({ config: join(root, 'wrangler.toml') }).rawConfig;
const pages = experimental_readRawConfig({ config: join(root, 'pages/wrangler.toml') }).rawConfig;
const runWorkerFirst: string[] = worker.assets?.run_worker_first ?? [];
const tmp = mkdtempSync(join(tmpdir(), 'keepwell-pages-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the Pages function forwarding to the Worker', () => {
  it('hands the request to the service binding unchanged and returns its answer unchanged', async () => {
    const seen: Request[] = [];
    const env: ForwardEnv = {
      KEEPWELL: {
        fetch: async (request) => {
          seen.push(request);
          return new Response('{"ok":true}', {
            status: 201,
            headers: { 'Set-Cookie': 'kw_session=abc; Path=/; HttpOnly; Secure; SameSite=Strict' },
          });
        },
      },
    };
    const request = new Request('https://keepwell-web.pages.dev/api/auth/login', {
      method: 'POST',
      headers: { Cookie: 'kw_device=d1', 'X-CSRF-Token': 't', 'CF-Connecting-IP': '203.0.113.9' },
      body: '{"email":"a@b.c"}',
    });
    const response = await forwardToWorker({ request, env });
    expect(seen).toEqual([request]);
    expect(response.status).toBe(201);
    expect(response.headers.get('Set-Cookie')).toContain('kw_session=abc');
  });

  it('pages/wrangler.toml binds the Worker wrangler.toml deploys, on its compatibility date, serving web/dist', () => {
    expect(pages.services).toEqual([{ binding: 'KEEPWELL', service: worker.name }]);
    expect(pages.compatibility_date).toBe(worker.compatibility_date);
    // wrangler's validating reader, as `wrangler pages deploy` reads it from pages/.
    const read = unstable_readConfig({ config: join(root, 'pages/wrangler.toml') });
    expect(read.pages_build_output_dir).toBe(resolve(root, worker.assets.directory));
  });
});

describe('wrangler pages functions build (offline)', () => {
  const outDir = join(tmp, 'functions');
  const routesPath = join(tmp, '_routes.json');
  let dispatch: (url: string, init?: RequestInit) => Promise<Response>;
  const workerSaw: string[] = [];

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    execFileSync(
      join(root, 'node_modules/.bin/wrangler'),
      ['pages', 'functions', 'build', '--outdir', outDir, '--output-routes-path', routesPath],
      { cwd: join(root, 'pages'), encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
    );
    // The real bundle, run in Node (its only platform needs are fetch's Request/Response and env bindings).
    const bundle = (await import(pathToFileURL(join(outDir, 'index.js')).href)).default as PagesBundle;
    const env = {
      // The Worker: echoes what reached it, and sets a cookie like the sign-in route.
      KEEPWELL: {
        fetch: async (request: Request) => {
          const url = new URL(request.url);
          workerSaw.push(`${request.method} ${url.pathname}`);
          return Response.json(
            {
              host: url.host,
              cookie: request.headers.get('Cookie'),
              csrf: request.headers.get('X-CSRF-Token'),
              body: await request.text(),
            },
            { headers: { 'Set-Cookie': 'kw_session=s1; Path=/; HttpOnly; Secure; SameSite=Strict' } },
          );
        },
      },
      // Pages' static files of web/dist.
      ASSETS: { fetch: async (request: Request) => new Response(`static ${new URL(request.url).pathname}`) },
    };
    const ctx = { waitUntil: () => {}, passThroughOnException: () => {} };
    dispatch = (url, init) => bundle.fetch(new Request(url, init), env, ctx);
  }, 60_000);

  it('routes exactly the paths the Worker runs first to the Function, nothing else', () => {
    const routes = JSON.parse(readFileSync(routesPath, 'utf8'));
    expect([...routes.include].sort()).toEqual([...runWorkerFirst].sort());
    expect(routes.include.some((p: string) => p.startsWith('/cdn-cgi'))).toBe(false);
    expect(readdirSync(outDir)).toContain('index.js');
  });

  it('forwards /api, /v1 and /s/unsubscribe with cookie, header and body on the Pages host', async () => {
    const res = await dispatch('https://keepwell-web.pages.dev/api/auth/login', {
      method: 'POST',
      headers: { Cookie: 'kw_device=d1', 'X-CSRF-Token': 'csrf1', 'Content-Type': 'application/json' },
      body: '{"email":"ann@acme.io"}',
    });
    expect(await res.json()).toEqual({
      host: 'keepwell-web.pages.dev',
      cookie: 'kw_device=d1',
      csrf: 'csrf1',
      body: '{"email":"ann@acme.io"}',
    });
    expect(res.headers.get('Set-Cookie')).toBe('kw_session=s1; Path=/; HttpOnly; Secure; SameSite=Strict');
    for (const path of ['/v1/batch', '/s/unsubscribe/tok123'])
      await (await dispatch(`https://keepwell-web.pages.dev${path}`, { method: 'POST', body: '{}' })).text();
    expect(workerSaw).toEqual(['POST /api/auth/login', 'POST /v1/batch', 'POST /s/unsubscribe/tok123']);
  });

  it('serves the SPA, the survey page and /cdn-cgi from Pages, never from the Worker', async () => {
    workerSaw.length = 0;
    for (const path of ['/', '/accounts/acme', '/s/abc.def', '/assets/main.js', '/cdn-cgi/trace', '/apix'])
      expect(await (await dispatch(`https://keepwell-web.pages.dev${path}`)).text()).toBe(`static ${path}`);
    expect(workerSaw).toEqual([]);
  });
});
