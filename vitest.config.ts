import { defineConfig } from 'vitest/config';

// One `npm test` runs every project: unit (Node), integration (workerd + D1 + queues), web (SPA components in
// happy-dom), e2e (wrangler dev).
export default defineConfig({
  test: {
    projects: [
      'test/unit/vitest.config.ts',
      'test/integration/vitest.config.ts',
      'test/web/vitest.config.ts',
      'test/e2e/vitest.config.ts',
    ],
  },
});
