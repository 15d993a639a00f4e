import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { experimental_readRawConfig, unstable_readConfig } from 'wrangler';
import {
  DEPLOY_CONFIG_PATH,
  deployCommands,
  deployConfig,
  missingResources,
  missingSecrets,
  PLACEHOLDER_DATABASE_ID,
  pagesCommands,
  REQUIRED_SECRETS,
  resourcesOf,
} from '../../../scripts/deploy-plan.mjs';

const root = resolve(import.meta.dirname, '../../..');
const tomlPath = join(root, 'wrangler.toml');
const tomlText = readFileSync(tomlPath, 'utf8');
const { rawConfig } = experimental_readRawConfig({ config: tomlPath });
const resources = resourcesOf(rawConfig);
const realId = '5f0c3a4e-1b2d-4c3e-9f00-0123456789ab';
const account = {
  databases: [{ name: 'keepwell', uuid: realId }],
  queues: resources.queues,
  buckets: resources.buckets,
};
const tmp = mkdtempSync(join(tmpdir(), 'keepwell-deploy-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Every top-level key of wrangler.toml must be one the deploy script knows: a new binding that needs a
// resource on the account (KV, R2, Vectorize…) must be created by the script before this list grows.
const HANDLED_KEYS = new Set([
  'name',
  'main',
  'compatibility_date',
  'compatibility_flags',
  'assets',
  'd1_databases', // created or reused, id written into the deploy config
  'queues', // producers, consumers and dead-letter queues created or reused
  'r2_buckets', // created or reused (the raw-event archive)
  'ratelimits', // namespaces need no resource
  'triggers', // crons are uploaded with the deploy
  'vars',
  'send_email', // the sending domain is onboarded in the dashboard (docs/deploy.md)
  'observability',
  'workers_dev',
  'routes',
]);

describe('deploy plan against wrangler.toml', () => {
  it('knows every top-level setting of wrangler.toml', () => {
    expect(Object.keys(rawConfig).filter((k) => !HANDLED_KEYS.has(k))).toEqual([]);
  });

  it('finds the D1 database, every queue including the dead-letter queue, the crons and the assets', () => {
    expect(resources.worker).toBe('keepwell');
    expect(resources.databases).toEqual([
      { binding: 'DB', name: 'keepwell', migrationsDir: 'drizzle/migrations' },
    ]);
    expect(resources.queues).toEqual(['keepwell-ingest', 'keepwell-scoring', 'keepwell-ingest-dlq']);
    for (const q of resources.queues) expect(tomlText).toContain(`"${q}"`);
    expect(resources.buckets).toEqual(['keepwell-archive']);
    expect(resources.crons).toHaveLength(4);
    expect(resources.assetsDir).toBe('./web/dist');
    expect(resources.runWorkerFirst).toContain('/api/*');
  });

  it('creates everything on an empty account, in order: resources, migrations, deploy', () => {
    const missing = missingResources(resources, { databases: [], queues: [], buckets: [] });
    const steps = deployCommands(resources, missing, {
      config: DEPLOY_CONFIG_PATH,
      secretsFile: '/tmp/s.json',
    });
    expect(steps.map((s) => s.args.join(' '))).toEqual([
      'd1 create keepwell',
      'queues create keepwell-ingest',
      'queues create keepwell-scoring',
      'queues create keepwell-ingest-dlq',
      'r2 bucket create keepwell-archive',
      'd1 migrations apply DB --remote --config .keepwell/wrangler.deploy.json',
      'deploy --config .keepwell/wrangler.deploy.json --secrets-file /tmp/s.json',
    ]);
  });

  it('reuses what exists: an upgrade only migrates and deploys', () => {
    const missing = missingResources(resources, account);
    expect(missing).toEqual({ databases: [], queues: [], buckets: [] });
    const steps = deployCommands(resources, missing, { config: DEPLOY_CONFIG_PATH, secretsFile: null });
    expect(steps.map((s) => s.phase)).toEqual(['migrate', 'deploy']);
    expect(steps.at(-1)?.args).not.toContain('--secrets-file');
  });

  it('creates only the queue that is missing (a half-finished first deploy resumes)', () => {
    const missing = missingResources(resources, {
      databases: account.databases,
      queues: ['keepwell-ingest', 'keepwell-scoring'],
      buckets: ['keepwell-archive'],
    });
    expect(missing).toEqual({ databases: [], queues: ['keepwell-ingest-dlq'], buckets: [] });
  });

  it('generates secrets only when the Worker lacks them', () => {
    expect(missingSecrets(null).map((s) => s.name)).toEqual(['ADMIN_TOKEN', 'SURVEY_SIGNING_KEY']);
    expect(missingSecrets(['ADMIN_TOKEN', 'OTHER']).map((s) => s.name)).toEqual(['SURVEY_SIGNING_KEY']);
    expect(missingSecrets(['ADMIN_TOKEN', 'SURVEY_SIGNING_KEY'])).toEqual([]);
    const envTypes = readFileSync(join(root, 'worker/common/env.ts'), 'utf8');
    for (const s of REQUIRED_SECRETS) expect(envTypes).toMatch(new RegExp(`\\b${s.name}\\?: string`));
    // SURVEY_SIGNING_KEY must be at least 16 characters: base64url of 32 bytes is 43.
    expect(Math.floor((REQUIRED_SECRETS[1]?.bytes ?? 0) * 4) / 3).toBeGreaterThanOrEqual(16);
  });

  it('writes the real database id into a generated config, paths rebased, wrangler.toml untouched', () => {
    const before = structuredClone(rawConfig);
    const config = deployConfig(rawConfig, account.databases, root, join(root, '.keepwell'));
    expect(rawConfig).toEqual(before);
    expect(config.d1_databases[0]).toEqual({
      binding: 'DB',
      database_name: 'keepwell',
      database_id: realId,
      migrations_dir: '../drizzle/migrations',
    });
    expect(config.main).toBe('../worker/index.ts');
    expect(config.assets.directory).toBe('../web/dist');
    expect(config.queues).toEqual(rawConfig.queues);
    expect(config.triggers).toEqual(rawConfig.triggers);
    expect(readFileSync(tomlPath, 'utf8')).toContain(PLACEHOLDER_DATABASE_ID);
  });

  it('refuses to write a config for a database the account lacks', () => {
    expect(() => deployConfig(rawConfig, [], root, root)).toThrow(/keepwell.*does not exist/);
  });

  it('wrangler reads the generated config as the same Worker, from any folder', () => {
    const dir = join(tmp, 'nested', 'deeper');
    const config = deployConfig(rawConfig, account.databases, root, dir);
    execFileSync('mkdir', ['-p', dir]);
    const file = join(dir, 'wrangler.deploy.json');
    writeFileSync(file, JSON.stringify(config));
    const read = unstable_readConfig({ config: file });
    expect(read.d1_databases[0]?.database_id).toBe(realId);
    expect(read.main).toBe(join(root, 'worker/index.ts'));
    expect(resolve(dir, read.assets?.directory ?? '')).toBe(join(root, 'web/dist'));
    expect(existsSync(join(dir, read.d1_databases[0]?.migrations_dir ?? ''))).toBe(true);
    expect(read.queues.consumers?.map((c: { dead_letter_queue?: string }) => c.dead_letter_queue)).toContain(
      'keepwell-ingest-dlq',
    );
    expect(read.triggers.crons).toEqual(rawConfig.triggers.crons);
  });
});

describe('deploy:pages plan', () => {
  it('creates the Pages project once, then only publishes', () => {
    expect(pagesCommands([], 'keepwell-web').map((s) => s.args.join(' '))).toEqual([
      'pages project create keepwell-web --production-branch main',
      'pages deploy --branch main --commit-dirty=true',
    ]);
    const existing = [{ 'Project Name': 'other' }, { 'Project Name': 'keepwell-web' }];
    expect(pagesCommands(existing, 'keepwell-web').map((s) => s.phase)).toEqual(['deploy']);
  });
});

describe('wrangler deploy --dry-run of the built Worker (offline)', () => {
  it('bundles the Worker with every binding and the SPA as assets', () => {
    expect(existsSync(join(root, 'web/dist/index.html')), 'run `npm run build` first').toBe(true);
    const config = deployConfig(rawConfig, account.databases, root, tmp);
    const file = join(tmp, 'wrangler.deploy.json');
    writeFileSync(file, JSON.stringify(config));
    const outDir = join(tmp, 'worker');
    const output = execFileSync(
      join(root, 'node_modules/.bin/wrangler'),
      ['deploy', '--dry-run', '--outdir', outDir, '--config', file],
      { cwd: root, encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' } },
    );
    expect(output).toContain('--dry-run: exiting now.');
    expect(output).toMatch(/Read \d+ files from the assets directory/);
    for (const binding of [
      'env.DB (keepwell)',
      'env.INGEST_QUEUE (keepwell-ingest)',
      'env.SCORING_QUEUE',
      'env.ASSETS',
    ])
      expect(output).toContain(binding);
    const bundle = readFileSync(join(outDir, 'index.js'), 'utf8');
    expect(bundle).toContain('/api/public/surveys');
    const gzipKiB = /gzip: ([\d.]+) KiB/.exec(output)?.[1];
    console.log(`worker dry run: script ${(bundle.length / 1024).toFixed(0)} KiB, ${gzipKiB} KiB gzip`);
  }, 60_000);
});
