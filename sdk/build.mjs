// Bundles the SDK to sdk/dist (the npm package: ESM, CommonJS, the script-tag IIFE and .d.ts declarations) and
// copies the browser builds into the SPA's assets, web/dist/sdk/ (when the SPA is built), where every
// installation serves them: /sdk/<version>/… (immutable) and /sdk/… (the short-lived alias); see
// worker/sdk/routes.ts. Enforces the size budget: the minified ESM build must stay within 5 KiB gzipped,
// because it is loaded on customers' pages.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET_BYTES = 5 * 1024;
const sdkDir = dirname(fileURLToPath(import.meta.url));
const outDir = join(sdkDir, 'dist');
const { version } = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8'));
const sourceVersion = /SDK_VERSION = '([^']+)'/.exec(
  readFileSync(join(sdkDir, 'src/version.ts'), 'utf8'),
)?.[1];
if (sourceVersion !== version) {
  console.error(`sdk: src/version.ts says ${sourceVersion}, package.json ${version}: keep them in step`);
  process.exit(1);
}
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const common = {
  entryPoints: [join(sdkDir, 'src/index.ts')],
  bundle: true,
  platform: 'neutral',
  target: 'es2020',
  legalComments: 'none',
  logLevel: 'warning',
};

/** The builds a browser loads by URL: served by every installation under /sdk/. */
const SERVED = ['keepwell.js', 'keepwell.min.js', 'keepwell.iife.min.js'];

await Promise.all([
  build({ ...common, format: 'esm', outfile: join(outDir, 'keepwell.js') }),
  build({ ...common, format: 'esm', minify: true, outfile: join(outDir, 'keepwell.min.js') }),
  build({ ...common, format: 'cjs', outfile: join(outDir, 'keepwell.cjs') }),
  build({
    ...common,
    format: 'iife',
    globalName: 'Keepwell',
    minify: true,
    outfile: join(outDir, 'keepwell.iife.min.js'),
  }),
]);

// Declarations for the package's `types`, from the same sources.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const declarations = spawnSync(process.execPath, [tsc, '-p', join(sdkDir, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (declarations.status !== 0) process.exit(declarations.status ?? 1);

const gzipBytes = gzipSync(readFileSync(join(outDir, 'keepwell.min.js')), { level: 9 }).length;
const verdict = gzipBytes > BUDGET_BYTES ? 'OVER BUDGET' : 'budget 5 KB';
console.log(`sdk ${version}: keepwell.min.js ${(gzipBytes / 1024).toFixed(2)} KB min+gzip (${verdict})`);
if (gzipBytes > BUDGET_BYTES) process.exit(1);

const webDist = join(sdkDir, '..', 'web', 'dist');
if (existsSync(join(webDist, 'index.html'))) {
  const served = join(webDist, 'sdk');
  rmSync(served, { recursive: true, force: true });
  mkdirSync(join(served, version), { recursive: true });
  for (const file of SERVED) {
    copyFileSync(join(outDir, file), join(served, version, file));
    copyFileSync(join(outDir, file), join(served, file));
  }
  console.log(`sdk ${version}: served from web/dist/sdk/ and web/dist/sdk/${version}/`);
}
