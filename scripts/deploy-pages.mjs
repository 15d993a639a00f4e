#!/usr/bin/env node
// `npm run deploy:pages`: the admin SPA on Cloudflare Pages, in front of the Worker (docs/deploy.md).
// Deploys the Worker first (`npm run deploy`: the Pages Functions bind to it; `--pages-only` skips it), then
// creates the Pages project of pages/wrangler.toml if missing and publishes web/dist with the Functions in
// pages/functions/, which forward the Worker's paths to it by service binding: one origin for SPA and API.
// `--dry-run` builds the Functions bundle offline and prints the plan, uploading nothing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { experimental_readRawConfig } from 'wrangler';
import { pagesCommands } from './deploy-plan.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pagesDir = join(root, 'pages');
const env = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' };
const dryRun = process.argv.includes('--dry-run');

function run(command, args, { cwd = root, capture = false } = {}) {
  if (!capture) console.log(`\n$ (${cwd === root ? '.' : 'pages'}) ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
  });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
  return result;
}

const { rawConfig: pages } = experimental_readRawConfig({ config: join(pagesDir, 'wrangler.toml') });

if (dryRun) {
  const outDir = join(root, '.keepwell', 'dry-run', 'pages');
  mkdirSync(outDir, { recursive: true });
  console.log(
    `Dry run: nothing is created or uploaded. Against an empty account, npm run deploy:pages would run`,
  );
  console.log(`npm run deploy, then (in pages/):`);
  for (const step of pagesCommands([], pages.name))
    console.log(`  npx wrangler ${step.args.join(' ')}   # ${step.why}`);
  // The Functions bundle does not depend on web/dist (`npm run deploy:dry-run` builds it before this).
  run(
    'npx',
    [
      'wrangler',
      'pages',
      'functions',
      'build',
      '--outdir',
      outDir,
      '--output-routes-path',
      join(outDir, '_routes.json'),
    ],
    { cwd: pagesDir },
  );
  const routes = JSON.parse(readFileSync(join(outDir, '_routes.json'), 'utf8'));
  console.log(
    `\nDry run passed: Functions bundle in .keepwell/dry-run/pages/; forwarded to the Worker: ${routes.include.join(' ')}`,
  );
  process.exit(0);
}

if (!process.argv.includes('--pages-only')) run('node', [join(root, 'scripts', 'deploy.mjs')]);
else run('npm', ['run', 'build:web']);

const listed = run('npx', ['wrangler', 'pages', 'project', 'list', '--json'], {
  cwd: pagesDir,
  capture: true,
}).stdout;
const projects = JSON.parse(listed.slice(listed.search(/^\[/m)));
for (const step of pagesCommands(projects, pages.name))
  run('npx', ['wrangler', ...step.args], { cwd: pagesDir });

console.log(
  `\nThe SPA is on Pages (https://${pages.name}.pages.dev, or the custom domain you attach to the project);` +
    ` /api, /v1 and /s/unsubscribe reach Worker "${pages.services[0].service}" through the service binding.` +
    `\nUpgrading later is the same command: npm run deploy:pages`,
);
