import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { handleSinkRequest } from '../../scripts/mail-sink.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Every request the Worker sent to a `*.hooks.test` target, for `https://log.hooks.test/<id>`. */
const hookLog: { method: string; url: string; body: string }[] = [];

/** The local mail stand-in's directory for this run: the Worker's mail is written here as files. */
const mailDir = mkdtempSync(join(tmpdir(), 'keepwell-mail-'));

/**
 * The Worker's outbound fetches land here (Miniflare's outboundService) instead of the internet, so webhook
 * deliveries meet real HTTP targets: `ok.hooks.test` answers 200, `down.hooks.test` 503,
 * `redirect.hooks.test` 302 to the cloud metadata address, `silent.hooks.test` not at all (for 5 s). Any
 * other host answers 502 and is logged too, so a followed redirect shows up. A test reads what reached the
 * targets with `https://log.hooks.test/<id>`: the requests whose URL contains `/<id>`.
 */
async function hookTargets(request: Request): Promise<Response> {
  const url = new URL(request.url);
  // The local mail stand-in (MAIL_SINK_URL): scripts/mail-sink.mjs writing real files, read back by tests
  // through GET http://mail-sink.test/messages?to=<address>.
  if (url.hostname === 'mail-sink.test') return handleSinkRequest(request, mailDir);
  // A Resend-shaped mail API: 200 with an id for the right key, 401 otherwise.
  if (url.hostname === 'mail-api.hooks.test') {
    hookLog.push({ method: request.method, url: request.url, body: await request.text() });
    return request.headers.get('Authorization') === 'Bearer test-mail-api-key'
      ? Response.json({ id: `re_${hookLog.length}` })
      : Response.json({ message: 'API key is invalid' }, { status: 401 });
  }
  if (url.hostname === 'log.hooks.test') {
    const id = url.pathname.slice(1);
    return Response.json(hookLog.filter((r) => id !== '' && r.url.includes(`/${id}`)));
  }
  hookLog.push({ method: request.method, url: request.url, body: await request.text() });
  switch (url.hostname) {
    case 'ok.hooks.test':
      return new Response('ok');
    case 'down.hooks.test':
      return new Response('busy', { status: 503 });
    case 'redirect.hooks.test':
      return new Response(null, {
        status: 302,
        headers: { Location: `http://169.254.169.254/latest/meta-data${url.pathname}` },
      });
    case 'silent.hooks.test':
      await new Promise((resolve) => setTimeout(resolve, 5000));
      return new Response('too late');
    default:
      return new Response('no such test target', { status: 502 });
  }
}

export default defineConfig(async () => {
  const migrations = await readD1Migrations(`${root}/drizzle/migrations`);
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: `${root}/wrangler.toml` },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ADMIN_TOKEN: 'test-admin-token',
            SURVEY_SIGNING_KEY: 'test-survey-signing-key-0123456789',
            MAIL_SINK_URL: 'http://mail-sink.test/',
          },
          // An empty database for test/integration/migrations.test.ts to migrate step by step.
          d1Databases: { MIGRATIONS_TEST_DB: 'migrations-test' },
          outboundService: hookTargets,
          // A small limit so the 429 path is reachable; tests use a fresh source per case.
          ratelimits: {
            INGEST_RATE_LIMITER: { namespace_id: '1001', simple: { limit: 25, period: 10 } },
            // Per IP + survey token: a test uses a fresh token per case.
            SURVEY_RATE_LIMITER: { namespace_id: '1002', simple: { limit: 8, period: 60 } },
            // Per IP, any token: survey helpers give each token its own client IP.
            SURVEY_IP_RATE_LIMITER: { namespace_id: '1003', simple: { limit: 20, period: 60 } },
          },
        },
      }),
    ],
    test: {
      name: 'integration',
      root,
      include: ['test/integration/**/*.test.ts'],
      setupFiles: ['test/integration/apply-migrations.ts'],
      testTimeout: 30_000,
    },
  };
});
