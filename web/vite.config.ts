import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Logger, type Plugin } from 'vite';

/** Where `wrangler dev` (via `npm start`) serves the Worker. */
const API_ORIGIN = 'http://127.0.0.1:8787';

/** Largest gzip size of the public survey page's JS+CSS, KB: the build fails above it. */
const SURVEY_PAGE_BUDGET_KB = 40;

/**
 * Modules the survey page may load: the entry switch, its own folder, Vue's runtime, the survey types of the shared
 * core and bundler helpers (ids without a path). Anything else — Naive UI, ECharts, vue-router,
 * vue-i18n, admin views or composables — fails the build.
 */
const SURVEY_PAGE_MODULES = [
  /\/web\/(src\/main\.ts|index\.html)$/,
  /\/web\/src\/survey\//,
  /\/node_modules\/(vue|@vue\/[a-z-]+)\//,
  /\/shared\/surveys\/types\.ts$/,
  /^[^/]*$/,
  /^\0/,
];

/** Marks the survey page's own copy of Vue's modules (see {@link surveyOwnVue}). */
const SURVEY_VUE_COPY = '?survey-vue';
const VUE_PACKAGES = /^(vue|@vue\/(runtime-dom|runtime-core|reactivity|shared))$/;

/**
 * Gives the survey page its own copy of Vue, tree-shaken to what the page uses. Shared with the admin SPA, Vue
 * would sit in one chunk carrying everything Naive UI needs (about 43 KB gzip, over the page's whole budget); as a
 * copy (the same files under another module id) the page loads only its part. The two never meet on one page.
 */
function surveyOwnVue(): Plugin {
  return {
    name: 'keepwell:survey-own-vue',
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !VUE_PACKAGES.test(source)) return null;
      const fromSurvey = importer.includes('/web/src/survey/') || importer.endsWith(SURVEY_VUE_COPY);
      if (!fromSurvey) return null;
      const resolved = await this.resolve(source, importer.replace(SURVEY_VUE_COPY, ''), {
        ...options,
        skipSelf: true,
      });
      return resolved ? { ...resolved, id: `${resolved.id}${SURVEY_VUE_COPY}` } : null;
    },
    // The page is `<script setup>` only, so the copy drops the Options API (data, methods, watch options…).
    load(id) {
      if (!id.endsWith(SURVEY_VUE_COPY)) return null;
      return readFileSync(id.slice(0, -SURVEY_VUE_COPY.length), 'utf8').replaceAll(
        '__VUE_OPTIONS_API__',
        'false',
      );
    },
  };
}

type Bundle = Parameters<NonNullable<Extract<Plugin['writeBundle'], (...args: never[]) => unknown>>>[1];

/**
 * What loading `roots` fetches: the chunks, their static imports and their CSS, with gzip size and every module
 * the chunks contain.
 */
function closureOf(bundle: Bundle, roots: readonly string[]) {
  const seen = new Set<string>();
  const modules: string[] = [];
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
    modules.push(...file.moduleIds);
    for (const css of file.viteMetadata?.importedCss ?? []) visit(css);
    for (const dep of file.imports) visit(dep);
  };
  for (const root of roots) visit(root);
  return { kb: gzipBytes / 1024, modules };
}

/**
 * Prints the gzip size of what a first page load fetches, for the admin SPA and for the public survey page, and
 * fails the build when the survey page exceeds its budget or its module graph reaches admin code or libraries.
 * The entry (src/main.ts) only picks one of the two (src/admin/main.ts, src/survey/main.ts), so each figure is
 * the entry, that page's chunk, their static imports and their CSS; lazy views are excluded.
 * @example web: initial JS+CSS 166.2 KB gzip
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
      const chunks = Object.values(bundle).filter((f) => f.type === 'chunk');
      const entries = chunks.filter((c) => c.isEntry).map((c) => c.fileName);
      const pageChunk = (path: string) => {
        const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(path));
        if (!chunk) this.error(`web: no chunk for ${path}; src/main.ts must import() it`);
        return chunk.fileName;
      };
      const admin = closureOf(bundle, [...entries, pageChunk('/src/admin/main.ts')]);
      const survey = closureOf(bundle, [...entries, pageChunk('/src/survey/main.ts')]);
      logger?.info(`web: initial JS+CSS ${admin.kb.toFixed(1)} KB gzip`);
      logger?.info(`web: survey page JS+CSS ${survey.kb.toFixed(1)} KB gzip`);
      const foreign = survey.modules.filter(
        (id) => !SURVEY_PAGE_MODULES.some((ok) => ok.test(id.split('?')[0]!)),
      );
      if (foreign.length > 0) {
        this.error(
          `web: the survey page loads modules it must not:\n  ${[...new Set(foreign)].join('\n  ')}`,
        );
      }
      if (survey.kb > SURVEY_PAGE_BUDGET_KB) {
        this.error(
          `web: survey page JS+CSS ${survey.kb.toFixed(1)} KB gzip is over its ${SURVEY_PAGE_BUDGET_KB} KB budget`,
        );
      }
    },
  };
}

export default defineConfig({
  // Explicit so the config works from any cwd, not only via `vite build web`.
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [surveyOwnVue(), vue(), initialSizeReport()],
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
