#!/usr/bin/env node
// A stand-in for the wrangler CLI with a Cloudflare account held in a JSON file (FAKE_WRANGLER_STATE), for
// driving scripts/deploy.mjs offline. It answers the commands the deploy script runs as wrangler does
// (exit codes, `--json` output, the 10007 error of a Worker that does not exist) and records every call.
import { readFileSync, statSync, writeFileSync } from 'node:fs';

const statePath = process.env.FAKE_WRANGLER_STATE;
const state = JSON.parse(readFileSync(statePath, 'utf8'));
const args = process.argv.slice(2);
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const save = () => writeFileSync(statePath, JSON.stringify(state, null, 2));
state.calls.push(args.join(' '));
const fail = (message) => {
  save();
  process.stderr.write(`✘ [ERROR] ${message}\n`);
  process.exit(1);
};
const config = () => JSON.parse(readFileSync(flag('--config'), 'utf8'));
const cmd = args.slice(0, 2).join(' ');

if (args[0] === 'whoami')
  console.log('You are logged in with an OAuth Token, associated with the email ann@acme.io.');
else if (cmd === 'd1 list')
  console.log(JSON.stringify(state.databases.map((d) => ({ ...d, version: 'production' }))));
else if (cmd === 'd1 create') {
  state.databases.push({ uuid: `uuid-${args[2]}-${state.databases.length + 1}`, name: args[2] });
  console.log(`✅ Successfully created DB '${args[2]}'`);
} else if (cmd === 'queues info') {
  if (!state.queues.includes(args[2])) fail(`Queue "${args[2]}" does not exist. [code: 11000]`);
  console.log(`Queue Name: ${args[2]}`);
} else if (cmd === 'queues create') {
  if (state.queues.includes(args[2])) fail('Queue name already taken [code: 11009]');
  state.queues.push(args[2]);
} else if (cmd === 'r2 bucket' && args[2] === 'info') {
  if (!(state.buckets ?? []).includes(args[3])) fail(`The specified bucket does not exist. [code: 10006]`);
  console.log(`name: ${args[3]}`);
} else if (cmd === 'r2 bucket' && args[2] === 'create') {
  if ((state.buckets ?? []).includes(args[3]))
    fail('The bucket you tried to create already exists [code: 10004]');
  state.buckets = [...(state.buckets ?? []), args[3]];
} else if (cmd === 'd1 migrations') {
  const db = config().d1_databases[0];
  if (!state.databases.some((d) => d.uuid === db.database_id))
    fail(`Couldn't find DB with id ${db.database_id}`);
  state.migrated = (state.migrated ?? 0) + 1;
} else if (cmd === 'secret list') {
  if (!state.worker) fail('This Worker does not exist on your account. [code: 10007]');
  console.log(JSON.stringify(state.worker.secrets.map((name) => ({ name, type: 'secret_text' }))));
} else if (args[0] === 'deploy') {
  const c = config();
  const file = flag('--secrets-file');
  const uploaded = file ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (file) state.secretsFileMode = (statSync(file).mode & 0o777).toString(8);
  state.secretsFile = file ?? null;
  const secrets = new Set([...(state.worker?.secrets ?? []), ...Object.keys(uploaded)]);
  state.worker = { name: c.name, databaseId: c.d1_databases[0].database_id, secrets: [...secrets] };
  state.uploadedSecrets = uploaded;
  console.log(`Uploaded ${c.name}\nhttps://${c.name}.acme.workers.dev`);
} else fail(`fake wrangler: unexpected command ${args.join(' ')}`);
save();
