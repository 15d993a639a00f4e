import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Logger, type Plugin } from 'vite';

/** Where `wrangler dev` (via `npm start`) serves the Worker. */
const API_ORIGIN = 'http://127.0.0.1:8787';

/**
 * Prints the gzip size of what the first page load fetches: each entry chunk, its static imports and their CSS.
 * Lazy chunks are excluded, so this is the number to watch as views and libraries are added.
 * @example web: initial JS+CSS 28.4 KB gzip
 */
function initialSizeReport(): Plugin {
  let logger: Logger | undefined;
  return {
    name: 'keepwell:initial-size',
    apply: 'build',
    configResolved(config) {
      logger = config.logger;
    },
    // writeBundle sees the final bundle, after Vite has attached CSS to chunks and dropped CSS-only chunks.
    writeBundle(_options, bundle) {
      const seen = new Set<string>();
      let gzipBytes = 0;
      const visit = (fileName: string) => {
        const file = bundle[fileName];
        if (!file || seen.has(fileName)) return;
        seen.add(fileName);
        if (file.type === 'asset') {
          gzipBytes += gzipSync(file.source).length;
          return;
        }
        gzipBytes += gzipSync(file.code).length;
        for (const css of file.viteMetadata?.importedCss ?? []) visit(css);
        for (const dep of file.imports) visit(dep);
      };
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk' && file.isEntry) visit(file.fileName);
      }
      logger?.info(`web: initial JS+CSS ${(gzipBytes / 1024).toFixed(1)} KB gzip`);
    },
  };
}

export default defineConfig({
  // Explicit so the config works from any cwd, not only via `vite build web`.
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue(), initialSizeReport()],
  // vue-i18n feature flags: the app uses the composition API only, so the legacy API code can be dropped.
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: { '/api': API_ORIGIN, '/v1': API_ORIGIN },
  },
});
