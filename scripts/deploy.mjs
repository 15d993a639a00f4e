#!/usr/bin/env node
// `npm run deploy`: deploy Keepwell to your own Cloudflare account, first install and upgrade alike.
// Creates or reuses the D1 database and the queues wrangler.toml names, writes their ids into a generated
// config (.keepwell/wrangler.deploy.json; wrangler.toml is never changed), applies the migrations remotely,
// builds the SPA and SDK, and deploys the Worker with the SPA as static assets, uploading any required secret
// the Worker lacks (generated here and printed once). The decisions are in scripts/deploy-plan.mjs.
// Sign in first: `npx wrangler login`, or set CLOUDFLARE_API_TOKEN (and CLOUDFLARE_ACCOUNT_ID).
// Flags: --dry-run (offline), --skip-build (web/dist and sdk/dist are current).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { experimental_readRawConfig } from 'wrangler';
import {
  DEPLOY_CONFIG_PATH,
  deployCommands,
  deployConfig,
  missingResources,
  missingSecrets,
  PLACEHOLDER_DATABASE_ID,
  resourcesOf,
} from './deploy-plan.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' };

/** Runs a command; exits with its status when it fails (unless `allowFailure`). */
function run(command, args, { capture = false, allowFailure = false } = {}) {
  if (!capture) console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  if (result.status !== 0 && !allowFailure) {
    if (capture) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    console.error(`\n${command} ${args.join(' ')} failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
  return result;
}

// KEEPWELL_WRANGLER: a wrangler CLI script to run with node instead of the project's (`npx wrangler`).
const wranglerScript = process.env.KEEPWELL_WRANGLER;
const wrangler = (args, opts) =>
  wranglerScript
    ? run(process.execPath, [wranglerScript, ...args], opts)
    : run('npx', ['wrangler', ...args], opts);

/** The JSON a wrangler command printed (it may log lines before it). */
function jsonOutput(text) {
  const start = text.search(/^[[{]/m);
  if (start < 0) throw new Error(`expected JSON from wrangler, got: ${text.slice(0, 200)}`);
  return JSON.parse(text.slice(start));
}

function listDatabases() {
  return jsonOutput(wrangler(['d1', 'list', '--json'], { capture: true }).stdout);
}

/** Queue names that exist (`queues list` has no JSON output; `queues info` fails for a missing queue). */
function existingQueues(names) {
  return names.filter(
    (name) => wrangler(['queues', 'info', name], { capture: true, allowFailure: true }).status === 0,
  );
}

/** R2 bucket names that exist (`r2 bucket info` fails for a missing bucket). */
function existingBuckets(names) {
  return names.filter(
    (name) => wrangler(['r2', 'bucket', 'info', name], { capture: true, allowFailure: true }).status === 0,
  );
}

/** Secret names of the Worker, or null when the Worker does not exist yet (first deploy). */
function listSecrets(configPath) {
  const result = wrangler(['secret', 'list', '--format', 'json', '--config', configPath], {
    capture: true,
    allowFailure: true,
  });
  if (result.status === 0) return jsonOutput(result.stdout).map((s) => s.name);
  const output = `${result.stdout}${result.stderr}`;
  if (/10007|does not exist|not found/i.test(output)) return null;
  process.stderr.write(output);
  process.exit(result.status ?? 1);
}

const dryRun = process.argv.includes('--dry-run');
const { rawConfig } = experimental_readRawConfig({ config: join(root, 'wrangler.toml') });
const resources = resourcesOf(rawConfig);
// KEEPWELL_DEPLOY_CONFIG: where to write the generated config (default .keepwell/wrangler.deploy.json).
const configPath = resolve(root, process.env.KEEPWELL_DEPLOY_CONFIG ?? DEPLOY_CONFIG_PATH);
const configArg = relative(root, configPath);
const build = () => {
  if (!process.argv.includes('--skip-build')) run('npm', ['run', 'build']);
};

if (dryRun) {
  // Offline: plan against an empty account, write the config with the placeholder id, and let wrangler bundle
  // and check the Worker and its assets without uploading (`wrangler deploy --dry-run`).
  console.log(`Dry run: nothing is created or uploaded. Against an empty account, npm run deploy would run:`);
  const plan = deployCommands(
    resources,
    missingResources(resources, { databases: [], queues: [], buckets: [] }),
    {
      config: configArg,
      secretsFile:
        '<generated secrets: ' +
        missingSecrets(null)
          .map((s) => s.name)
          .join(', ') +
        '>',
    },
  );
  for (const step of plan) console.log(`  npx wrangler ${step.args.join(' ')}   # ${step.why}`);
  build();
  // Its own config file: a real deploy's generated config (with the account's id) is left alone.
  const ids = resources.databases.map((d) => ({ name: d.name, uuid: PLACEHOLDER_DATABASE_ID }));
  const dryDir = join(root, '.keepwell', 'dry-run');
  const dryConfig = join(dryDir, 'wrangler.deploy.json');
  mkdirSync(dryDir, { recursive: true });
  writeFileSync(dryConfig, `${JSON.stringify(deployConfig(rawConfig, ids, root, dryDir), null, 2)}\n`);
  wrangler(['deploy', '--dry-run', '--outdir', join(dryDir, 'worker'), '--config', dryConfig]);
  console.log(`\nDry run passed: the Worker bundle is in .keepwell/dry-run/worker/.`);
  process.exit(0);
}

wrangler(['whoami']);
build();

const missing = missingResources(resources, {
  databases: listDatabases(),
  queues: existingQueues(resources.queues),
  buckets: existingBuckets(resources.buckets),
});
for (const step of deployCommands(resources, missing, { config: configArg, secretsFile: null }))
  if (step.phase === 'create') wrangler(step.args);

mkdirSync(dirname(configPath), { recursive: true });
const config = deployConfig(rawConfig, listDatabases(), root, dirname(configPath));
writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
console.log(`\nWrote ${configArg} (wrangler.toml with this account's D1 id).`);

const newSecrets = missingSecrets(listSecrets(configArg)).map((s) => ({
  ...s,
  value: randomBytes(s.bytes).toString('base64url'),
}));
// The secrets file lives outside the repository, readable by this user only, and is deleted right after.
const secretsDir = newSecrets.length ? mkdtempSync(join(tmpdir(), 'keepwell-secrets-')) : null;
const secretsFile = secretsDir ? join(secretsDir, 'secrets.json') : null;
if (secretsFile)
  writeFileSync(secretsFile, JSON.stringify(Object.fromEntries(newSecrets.map((s) => [s.name, s.value]))), {
    mode: 0o600,
  });
try {
  const noneMissing = { databases: [], queues: [], buckets: [] };
  for (const step of deployCommands(resources, noneMissing, { config: configArg, secretsFile }))
    wrangler(step.args);
} finally {
  if (secretsDir) rmSync(secretsDir, { recursive: true, force: true });
}

console.log('\nKeepwell is deployed. Upgrading later is the same command: npm run deploy');
if (newSecrets.length) {
  console.log('\nNew secrets (shown once, not stored anywhere else; keep them in your password manager):');
  for (const s of newSecrets) console.log(`  ${s.name.padEnd(20)} ${s.value}   (${s.why})`);
  console.log('Open the Worker URL above and sign in with ADMIN_TOKEN once to create the first admin.');
}
