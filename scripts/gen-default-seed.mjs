#!/usr/bin/env node
// `npm run db:seed-sql`: rewrites the migration that seeds the default model, segment and alert rules from
// the TypeScript defaults (drizzle/default-seed.ts). test/unit/db/default-seed.test.ts fails when it is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = await build({
  entryPoints: [join(root, 'drizzle/default-seed.ts')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  logLevel: 'warning',
});
const { DEFAULT_SEED_FILE, defaultSeedSql } = await import(
  `data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`
);
writeFileSync(join(root, DEFAULT_SEED_FILE), defaultSeedSql());
console.log(`wrote ${DEFAULT_SEED_FILE}`);
