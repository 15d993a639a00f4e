// The pure half of `npm run deploy`: what wrangler.toml asks for, what is missing on the account, the generated
// deploy config and the ordered wrangler commands. No I/O here (scripts/deploy.mjs runs the plan), so every
// decision is unit-tested against the real wrangler.toml (test/unit/deploy/).
import { posix, relative, resolve, sep } from 'node:path';

/** Secrets the Worker needs before its first request (worker/common/env.ts), generated when missing. */
export const REQUIRED_SECRETS = [
  { name: 'ADMIN_TOKEN', bytes: 24, why: 'break-glass admin bearer; creates the first admin' },
  { name: 'SURVEY_SIGNING_KEY', bytes: 32, why: 'HMAC key of survey link tokens (>= 16 characters)' },
];

/** The placeholder id of wrangler.toml's D1 database (local dev and tests run on it). */
export const PLACEHOLDER_DATABASE_ID = '00000000-0000-0000-0000-000000000000';

/** Where the generated deploy config is written, relative to the repository (git-ignored: ids are per account). */
export const DEPLOY_CONFIG_PATH = '.keepwell/wrangler.deploy.json';

/**
 * The cloud resources a raw wrangler config (as `experimental_readRawConfig` returns it) needs created.
 * Queues are every queue a producer, consumer or dead-letter setting names, once each, in file order.
 * @example resourcesOf(raw).queues // ['keepwell-ingest', 'keepwell-scoring', 'keepwell-ingest-dlq']
 */
export function resourcesOf(raw) {
  const databases = (raw.d1_databases ?? []).map((d) => ({
    binding: d.binding,
    name: d.database_name,
    migrationsDir: d.migrations_dir ?? 'migrations',
  }));
  const queues = [];
  const add = (name) => {
    if (name && !queues.includes(name)) queues.push(name);
  };
  for (const p of raw.queues?.producers ?? []) add(p.queue);
  for (const c of raw.queues?.consumers ?? []) {
    add(c.queue);
    add(c.dead_letter_queue);
  }
  return {
    worker: raw.name,
    databases,
    queues,
    buckets: (raw.r2_buckets ?? []).map((b) => b.bucket_name),
    crons: raw.triggers?.crons ?? [],
    assetsDir: raw.assets?.directory ?? null,
    runWorkerFirst: raw.assets?.run_worker_first ?? [],
    sendEmail: (raw.send_email ?? []).map((e) => e.name),
  };
}

/**
 * The D1 databases, queues and R2 buckets to create: those wrangler.toml names that the account lacks.
 * `existing.databases` is `wrangler d1 list --json` (`[{ uuid, name }]`), `existing.queues` and
 * `existing.buckets` the names found.
 * @example missingResources(res, { databases: [], queues: ['keepwell-ingest'], buckets: [] })
 *   // { databases: ['keepwell'], queues: ['keepwell-scoring', 'keepwell-ingest-dlq'], buckets: ['keepwell-archive'] }
 */
export function missingResources(resources, existing) {
  const dbNames = new Set(existing.databases.map((d) => d.name));
  const queueNames = new Set(existing.queues);
  const bucketNames = new Set(existing.buckets ?? []);
  return {
    databases: resources.databases.map((d) => d.name).filter((n) => !dbNames.has(n)),
    queues: resources.queues.filter((q) => !queueNames.has(q)),
    buckets: resources.buckets.filter((b) => !bucketNames.has(b)),
  };
}

/** A path of the source config (relative to its folder) rewritten relative to the generated config's folder. */
function rebase(path, fromDir, toDir) {
  return relative(toDir, resolve(fromDir, path)).split(sep).join(posix.sep) || '.';
}

/**
 * The deploy config: wrangler.toml's raw config with each D1 database's real id (by name, from `d1 list`)
 * and its paths rebased for a file written in `toDir`. Throws when a database has no id on the account.
 * wrangler.toml itself is never changed: its placeholder id keys the local D1 of `npm start` and the tests,
 * and a clean tree keeps `git pull` upgrades conflict-free.
 * @example deployConfig(raw, [{ name: 'keepwell', uuid: 'a1…' }], '/repo', '/repo/.keepwell').d1_databases[0]
 *   // { binding: 'DB', database_name: 'keepwell', database_id: 'a1…', migrations_dir: '../drizzle/migrations' }
 */
export function deployConfig(raw, databases, fromDir, toDir) {
  const ids = new Map(databases.map((d) => [d.name, d.uuid]));
  const config = structuredClone(raw);
  if (config.main) config.main = rebase(config.main, fromDir, toDir);
  if (config.assets?.directory) config.assets.directory = rebase(config.assets.directory, fromDir, toDir);
  config.d1_databases = (config.d1_databases ?? []).map((d) => {
    const id = ids.get(d.database_name);
    if (!id) throw new Error(`D1 database "${d.database_name}" does not exist on the account`);
    return {
      ...d,
      database_id: id,
      migrations_dir: rebase(d.migrations_dir ?? 'migrations', fromDir, toDir),
    };
  });
  return config;
}

/**
 * The required secrets the Worker lacks. `existing` is the names from `wrangler secret list`
 * (null: the Worker does not exist yet, so all are missing).
 * @example missingSecrets(['ADMIN_TOKEN']) // [{ name: 'SURVEY_SIGNING_KEY', … }]
 */
export function missingSecrets(existing) {
  const have = new Set(existing ?? []);
  return REQUIRED_SECRETS.filter((s) => !have.has(s.name));
}

/**
 * The ordered wrangler commands of a deploy, once the account's state is known: create what is missing,
 * apply migrations remotely, deploy with the missing secrets in a secrets file (uploaded with the version,
 * so the Worker never runs without them; secrets set before are kept). `config` is the deploy config's path.
 * Each step is `{ why, args }` for `npx wrangler …args`.
 * @example deployCommands(res, missing, { config: '.keepwell/wrangler.deploy.json', secretsFile: null })
 */
export function deployCommands(resources, missing, { config, secretsFile }) {
  const steps = [];
  for (const name of missing.databases)
    steps.push({ why: `create D1 database ${name}`, args: ['d1', 'create', name], phase: 'create' });
  for (const name of missing.queues)
    steps.push({ why: `create queue ${name}`, args: ['queues', 'create', name], phase: 'create' });
  for (const name of missing.buckets ?? [])
    steps.push({ why: `create R2 bucket ${name}`, args: ['r2', 'bucket', 'create', name], phase: 'create' });
  for (const db of resources.databases)
    steps.push({
      why: `apply migrations to ${db.name}`,
      args: ['d1', 'migrations', 'apply', db.binding, '--remote', '--config', config],
      phase: 'migrate',
    });
  steps.push({
    why: `deploy Worker ${resources.worker} with the SPA as static assets`,
    args: ['deploy', '--config', config, ...(secretsFile ? ['--secrets-file', secretsFile] : [])],
    phase: 'deploy',
  });
  return steps;
}

/**
 * The wrangler commands of `npm run deploy:pages`, run in pages/ (its wrangler.toml names the project, the
 * output directory and the service binding): create the Pages project when the account lacks it, then
 * publish web/dist with the Functions as the production deployment. `projects` is `pages project list --json`.
 * @example pagesCommands([], 'keepwell-web').map((s) => s.args[2]) // ['create', undefined]
 */
export function pagesCommands(projects, projectName, productionBranch = 'main') {
  const steps = [];
  if (!projects.some((p) => p['Project Name'] === projectName))
    steps.push({
      why: `create Pages project ${projectName}`,
      args: ['pages', 'project', 'create', projectName, '--production-branch', productionBranch],
      phase: 'create',
    });
  steps.push({
    why: `publish web/dist and the forwarding Functions to ${projectName}`,
    args: ['pages', 'deploy', '--branch', productionBranch, '--commit-dirty=true'],
    phase: 'deploy',
  });
  return steps;
}
