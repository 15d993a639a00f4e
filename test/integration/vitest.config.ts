import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../..', import.meta.url));

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
          },
          // A small limit so the 429 path is reachable; tests use a fresh source per case.
          ratelimits: {
            INGEST_RATE_LIMITER: { namespace_id: '1001', simple: { limit: 25, period: 10 } },
            // Per IP + survey token: a test uses a fresh token per case.
            SURVEY_RATE_LIMITER: { namespace_id: '1002', simple: { limit: 8, period: 60 } },
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
