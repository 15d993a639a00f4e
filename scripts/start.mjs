#!/usr/bin/env node
// `npm start`: first-run setup, local D1 migrations, SPA build, then `wrangler dev` with the credentials printed.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMailSink } from './mail-sink.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '8787';
const base = `http://localhost:${port}`;
const devVars = join(root, '.dev.vars');
const credentialsFile = join(root, '.keepwell', 'dev-credentials.json');
const mailPort = Number(process.env.MAIL_SINK_PORT ?? '8025');
const mailDir = join(root, '.wrangler', 'mail');

function run(command, args) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CI: 'true' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The admin token from .dev.vars, generating the file (or the line) on first run. */
function ensureAdminToken() {
  const text = existsSync(devVars) ? readFileSync(devVars, 'utf8') : '';
  const match = /^ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?\s*$/m.exec(text);
  if (match) return match[1];
  const token = randomBytes(24).toString('base64url');
  const line = `# Local secrets for wrangler dev (git-ignored). ADMIN_TOKEN signs you in to the admin API.\nADMIN_TOKEN="${token}"\n`;
  writeFileSync(devVars, text ? `${text.trimEnd()}\n${line}` : line);
  console.log('Generated .dev.vars with a new ADMIN_TOKEN.');
  return token;
}

/** The survey link signing key in .dev.vars, appended on first run (links stay valid across restarts). */
function ensureSurveySigningKey() {
  const text = readFileSync(devVars, 'utf8');
  if (/^SURVEY_SIGNING_KEY\s*=/m.test(text)) return;
  writeFileSync(
    devVars,
    `${text.trimEnd()}\nSURVEY_SIGNING_KEY="${randomBytes(32).toString('base64url')}"\n`,
  );
  console.log('Added a SURVEY_SIGNING_KEY to .dev.vars.');
}

/** The local mail stand-in's URL in .dev.vars, appended on first run: mail is written to .wrangler/mail/. */
function ensureMailSink() {
  const text = readFileSync(devVars, 'utf8');
  if (/^MAIL_SINK_URL\s*=/m.test(text)) return;
  writeFileSync(devVars, `${text.trimEnd()}\nMAIL_SINK_URL="http://127.0.0.1:${mailPort}/"\n`);
  console.log('Added MAIL_SINK_URL (the local mail stand-in) to .dev.vars.');
}

async function waitForHealth(child) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) process.exit(child.exitCode);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`wrangler dev did not answer on ${base} within 2 minutes`);
}

/** The default source's write key: created on first run, kept in .keepwell/ (git-ignored) so later runs can print it. */
async function ensureDefaultSource(token) {
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  if (existsSync(credentialsFile)) {
    const saved = JSON.parse(readFileSync(credentialsFile, 'utf8'));
    const { items } = await (await fetch(`${base}/api/sources`, { headers })).json();
    if (items.some((s) => s.id === saved.sourceId && !s.revokedAt)) return saved;
  }
  const res = await fetch(`${base}/api/sources`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'Default source' }),
  });
  if (res.status !== 201)
    throw new Error(`could not create the default source: ${res.status} ${await res.text()}`);
  const source = await res.json();
  const saved = { sourceId: source.id, writeKey: source.writeKey };
  mkdirSync(dirname(credentialsFile), { recursive: true });
  writeFileSync(credentialsFile, `${JSON.stringify(saved, null, 2)}\n`);
  return saved;
}

const token = ensureAdminToken();
ensureSurveySigningKey();
ensureMailSink();
const mailSink = await startMailSink({ port: mailPort, dir: mailDir });
run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local']);
run('npm', ['run', 'build']);

const child = spawn('npx', ['wrangler', 'dev', '--port', port], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => {
  mailSink.close();
  process.exit(code ?? 0);
});

await waitForHealth(child);
const { writeKey } = await ensureDefaultSource(token);
const stats = await (
  await fetch(`${base}/api/ingest/stats`, { headers: { Authorization: `Bearer ${token}` } })
).json();
const demoHint =
  stats.accounts === 0
    ? `\n Empty? Load a demo workspace (a fictional company, removable) in another terminal:\n   npm run demo        (remove it with: npm run demo -- --remove)\n`
    : '';
console.log(`
──────────────────────────────────────────────────────────────
 Keepwell is running on ${base}
   Admin SPA and API : ${base}/  (first visit: create the first admin with the admin token;
                       then sign in with email and password)
   Admin token       : ${token}
   Default write key : ${writeKey}
   Mail (stand-in)   : every message is written to ${mailDir}/

 Send a first event:
   curl -u '${writeKey}:' ${base}/v1/batch -d '{"batch":[{"type":"group","userId":"u1","groupId":"acme","traits":{"name":"Acme","seats":10}},{"type":"track","userId":"u1","event":"Report Run","context":{"groupId":"acme"}}]}'
${demoHint}──────────────────────────────────────────────────────────────
`);
