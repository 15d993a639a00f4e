import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// scripts/deploy.mjs itself, driven offline against an account simulated by test/unit/deploy/fake-wrangler.mjs:
// the first run creates everything and uploads generated secrets, the second (an upgrade) only migrates and
// deploys, and a half-made account is completed.
const root = resolve(import.meta.dirname, '../../..');
const tmp = mkdtempSync(join(tmpdir(), 'keepwell-deploy-script-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface FakeAccount {
  databases: { uuid: string; name: string }[];
  queues: string[];
  buckets?: string[];
  worker?: { name: string; databaseId: string; secrets: string[] };
  calls: string[];
  migrated?: number;
  secretsFile?: string | null;
  secretsFileMode?: string;
  uploadedSecrets?: Record<string, string>;
}

function deploy(statePath: string, configPath: string): string {
  return execFileSync(process.execPath, [join(root, 'scripts/deploy.mjs'), '--skip-build'], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      KEEPWELL_WRANGLER: join(root, 'test/unit/deploy/fake-wrangler.mjs'),
      KEEPWELL_DEPLOY_CONFIG: configPath,
      FAKE_WRANGLER_STATE: statePath,
    },
  });
}

function account(path: string, init: Omit<FakeAccount, 'calls'>): () => FakeAccount {
  writeFileSync(path, JSON.stringify({ ...init, calls: [] }));
  return () => JSON.parse(readFileSync(path, 'utf8')) as FakeAccount;
}

// Each run starts node and loads wrangler's config reader: seconds on a busy 2-core machine.
describe('npm run deploy (scripts/deploy.mjs) against a simulated account', { timeout: 60_000 }, () => {
  const statePath = join(tmp, 'account.json');
  const configPath = join(tmp, 'wrangler.deploy.json');
  const read = account(statePath, { databases: [{ uuid: 'other-db', name: 'unrelated' }], queues: [] });
  let firstOutput = '';

  it('first install: creates the database, the three queues and the archive bucket, migrates, deploys with generated secrets', () => {
    firstOutput = deploy(statePath, configPath);
    const s = read();
    const config = relativeToRoot(configPath);
    expect(s.calls).toEqual([
      'whoami',
      'd1 list --json',
      'queues info keepwell-ingest',
      'queues info keepwell-scoring',
      'queues info keepwell-ingest-dlq',
      'r2 bucket info keepwell-archive',
      'd1 create keepwell',
      'queues create keepwell-ingest',
      'queues create keepwell-scoring',
      'queues create keepwell-ingest-dlq',
      'r2 bucket create keepwell-archive',
      'd1 list --json',
      `secret list --format json --config ${config}`,
      `d1 migrations apply DB --remote --config ${config}`,
      `deploy --config ${config} --secrets-file ${s.secretsFile}`,
    ]);
    expect(s.worker).toEqual({
      name: 'keepwell',
      databaseId: 'uuid-keepwell-2',
      secrets: ['ADMIN_TOKEN', 'SURVEY_SIGNING_KEY'],
    });
    expect(s.secretsFileMode).toBe('600');
    expect(existsSync(s.secretsFile ?? '')).toBe(false);
    const admin = s.uploadedSecrets?.ADMIN_TOKEN ?? '';
    expect(admin).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(s.uploadedSecrets?.SURVEY_SIGNING_KEY).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(firstOutput).toContain(admin);
    expect(JSON.parse(readFileSync(configPath, 'utf8')).d1_databases[0].database_id).toBe('uuid-keepwell-2');
  });

  it('upgrade: the same command reuses everything, keeps the secrets and prints none', () => {
    const before = read();
    writeFileSync(statePath, JSON.stringify({ ...before, calls: [] }));
    const output = deploy(statePath, configPath);
    const s = read();
    expect(s.calls.filter((c) => /create/.test(c))).toEqual([]);
    expect(s.calls.at(-1)).toBe(`deploy --config ${relativeToRoot(configPath)}`);
    expect(s.migrated).toBe(2);
    expect(s.worker?.secrets).toEqual(['ADMIN_TOKEN', 'SURVEY_SIGNING_KEY']);
    expect(output).not.toContain(before.uploadedSecrets?.ADMIN_TOKEN ?? '?');
    expect(output).not.toContain('New secrets');
  });

  it('a half-made account: creates only the missing queue and the missing secret', () => {
    const path = join(tmp, 'half.json');
    const readHalf = account(path, {
      databases: [{ uuid: 'db-1', name: 'keepwell' }],
      queues: ['keepwell-ingest', 'keepwell-scoring'],
      buckets: ['keepwell-archive'],
      worker: { name: 'keepwell', databaseId: 'db-1', secrets: ['ADMIN_TOKEN'] },
    });
    const output = deploy(path, join(tmp, 'half.deploy.json'));
    const s = readHalf();
    expect(s.calls.filter((c) => /create/.test(c))).toEqual(['queues create keepwell-ingest-dlq']);
    expect(Object.keys(s.uploadedSecrets ?? {})).toEqual(['SURVEY_SIGNING_KEY']);
    expect(output).toContain('SURVEY_SIGNING_KEY');
    expect(output).not.toMatch(/ADMIN_TOKEN\s+\S{32}/);
  });
});

function relativeToRoot(path: string): string {
  return relative(root, path);
}
