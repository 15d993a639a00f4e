import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

// Component and composable tests of the SPA: real Vue, Naive UI and vue-i18n in happy-dom; only fetch is faked.
export default defineConfig({
  plugins: [vue()],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  test: {
    name: 'web',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/web/**/*.test.ts'],
    environment: 'happy-dom',
    setupFiles: ['test/web/setup.ts'],
  },
});
