#!/usr/bin/env node
// The local mail stand-in: an HTTP sink the Worker POSTs each message to (Settings → Mail "local", with
// MAIL_SINK_URL), which writes it as one JSON file per message. `npm start` runs it on port 8025 writing to
// .wrangler/mail/; tests use `handleSinkRequest` (integration: Miniflare's outbound service) or start it.
//   node scripts/mail-sink.mjs [--port 8025] [--dir .wrangler/mail]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

let counter = 0;

/**
 * Writes one message (the Worker's JSON: id, kind, from, to, subject, text, html, headers) as
 * `<dir>/<epoch ms>-<n>.json`; returns the file name, which the Worker records as the provider's message id.
 */
export function writeMessage(dir, message) {
  mkdirSync(dir, { recursive: true });
  const name = `${Date.now()}-${process.pid}-${counter++}.json`;
  writeFileSync(
    join(dir, name),
    `${JSON.stringify({ ...message, receivedAt: new Date().toISOString() }, null, 2)}\n`,
  );
  return name;
}

/** Every message written to `dir`, oldest first, each with its `file` name; `to` keeps those to one address. */
export function readMessages(dir, to) {
  let names = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names
    .sort()
    .map((file) => ({ file, ...JSON.parse(readFileSync(join(dir, file), 'utf8')) }))
    .filter(
      (m) => !to || (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a.toLowerCase() === to.toLowerCase()),
    );
}

/**
 * The sink as a fetch handler: `POST /` stores a message (400 without `to` and `subject`), `GET /messages?to=`
 * lists the stored ones.
 */
export async function handleSinkRequest(request, dir) {
  const url = new URL(request.url);
  if (request.method === 'GET' && url.pathname === '/messages')
    return Response.json(readMessages(dir, url.searchParams.get('to')));
  if (request.method !== 'POST') return new Response('POST a message, or GET /messages', { status: 405 });
  let message;
  try {
    message = await request.json();
  } catch {
    return Response.json({ message: 'not JSON' }, { status: 400 });
  }
  if (!message?.to || typeof message.subject !== 'string')
    return Response.json({ message: 'a message needs to and subject' }, { status: 400 });
  return Response.json({ id: writeMessage(dir, message) });
}

/** Starts the sink on `port` (127.0.0.1); resolves with the server once it listens. */
export function startMailSink({ port = 8025, dir }) {
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
      ...(body && req.method !== 'GET' ? { body } : {}),
    });
    const response = await handleSinkRequest(request, dir);
    res.writeHead(response.status, { 'content-type': 'application/json' });
    res.end(await response.text());
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const dir = arg('--dir', join(fileURLToPath(new URL('..', import.meta.url)), '.wrangler', 'mail'));
  const port = Number(arg('--port', '8025'));
  await startMailSink({ port, dir });
  console.log(`mail stand-in on http://127.0.0.1:${port}/ writing to ${dir}`);
}
