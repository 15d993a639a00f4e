// Copies Swagger UI's bundle and stylesheet into web/dist/api-docs/, beside web/public/api-docs/init.js, so
// /api/docs is served by the installation itself: no CDN, works offline and under the CSP (script-src 'self').
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const out = join(root, 'web/dist/api-docs');
mkdirSync(out, { recursive: true });
for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css'])
  copyFileSync(join(dist, file), join(out, file));
console.log(`api docs: Swagger UI copied to ${out}`);
