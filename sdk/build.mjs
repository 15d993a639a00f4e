// Bundles the SDK to sdk/dist and enforces the size budget: the minified ESM build must stay
// within 5 KiB gzipped, because it is loaded on customers' pages.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET_BYTES = 5 * 1024;
const sdkDir = dirname(fileURLToPath(import.meta.url));
const outDir = join(sdkDir, 'dist');
mkdirSync(outDir, { recursive: true });

const common = {
  entryPoints: [join(sdkDir, 'src/index.ts')],
  bundle: true,
  platform: 'neutral',
  target: 'es2020',
  legalComments: 'none',
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, format: 'esm', outfile: join(outDir, 'keepwell.js') }),
  build({ ...common, format: 'esm', minify: true, outfile: join(outDir, 'keepwell.min.js') }),
  build({
    ...common,
    format: 'iife',
    globalName: 'Keepwell',
    minify: true,
    outfile: join(outDir, 'keepwell.iife.min.js'),
  }),
]);

const gzipBytes = gzipSync(readFileSync(join(outDir, 'keepwell.min.js')), { level: 9 }).length;
const verdict = gzipBytes > BUDGET_BYTES ? 'OVER BUDGET' : 'budget 5 KB';
console.log(`sdk: keepwell.min.js ${(gzipBytes / 1024).toFixed(2)} KB min+gzip (${verdict})`);
if (gzipBytes > BUDGET_BYTES) process.exit(1);
