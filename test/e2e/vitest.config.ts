import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// End-to-end: a real `wrangler dev` per test file (see test/support/dev-server.mjs), driven over HTTP by
// the real Segment and RudderStack client libraries. Needs web/dist (`npm run build:web`).
export default defineConfig({
  test: {
    name: 'e2e',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file starts its own wrangler dev; on a 2-core machine they would only slow each other down.
    fileParallelism: false,
  },
});
