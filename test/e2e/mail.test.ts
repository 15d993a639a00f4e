import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMessages, startMailSink } from '../../scripts/mail-sink.mjs';
import { type DevServer, freePort, startDevServer, waitFor } from '../support/dev-server.mjs';

// The local mail stand-in as `npm start` runs it: scripts/mail-sink.mjs writing files, a real `wrangler dev`
// POSTing to it (MAIL_SINK_URL). The files are read from disk here.

let server: DevServer;
let sink: Server;
const dir = mkdtempSync(join(tmpdir(), 'keepwell-e2e-mail-'));

beforeAll(async () => {
  const port = (await freePort()) as number;
  sink = await startMailSink({ port, dir });
  server = await startDevServer({ vars: { MAIL_SINK_URL: `http://127.0.0.1:${port}/` } });
});

afterAll(async () => {
  await server?.stop();
  sink?.close();
});

async function adminJson<T>(path: string, body?: unknown): Promise<T> {
  const res = await server.admin(
    path,
    body === undefined ? undefined : { method: 'POST', body: JSON.stringify(body) },
  );
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} → ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

const fileFor = (to: string) =>
  waitFor(() => readMessages(dir, to)[0] ?? false, { timeoutMs: 30_000, intervalMs: 200 });

describe('mail through the local stand-in', () => {
  it('an invite lands as a file with the recipient, subject and link', async () => {
    const invite = await adminJson<{ url: string }>('/api/members/invites', {
      email: 'new.csm@example.com',
      role: 'csm',
    });
    const file = await fileFor('new.csm@example.com');
    expect(file.to).toEqual(['new.csm@example.com']);
    expect(file.subject).toBe('You are invited to Keepwell');
    expect(file.text).toContain(invite.url);
  });

  it('a survey invitation carries the personal link and an unsubscribe link the Worker (not the SPA) answers', async () => {
    const { writeKey } = await adminJson<{ writeKey: string }>('/api/sources', { name: 'mail-e2e' });
    const ingest = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: { Authorization: `Basic ${btoa(`${writeKey}:`)}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        batch: [{ type: 'group', userId: 'u1', groupId: 'acme-mail', traits: { name: 'Acme' } }],
      }),
    });
    expect(ingest.status).toBe(200);
    await waitFor(async () => (await server.admin('/api/accounts/acme-mail')).ok, {
      timeoutMs: 30_000,
      intervalMs: 300,
    });
    const survey = await adminJson<{ id: number }>('/api/surveys', { type: 'nps', name: 'Mail e2e' });
    const { links } = await adminJson<{ links: { id: number; url: string }[] }>(
      `/api/surveys/${survey.id}/links`,
      {
        contacts: [{ email: 'ana@acme.example', name: 'Ana', accountExternalId: 'acme-mail' }],
      },
    );
    await adminJson(`/api/surveys/${survey.id}/invitations`, { linkIds: [links[0]!.id] });
    const file = await fileFor('ana@acme.example');
    expect(file.subject).toBe('We would value your feedback');
    expect(file.text).toContain(links[0]!.url);
    const unsubscribe = /https?:\/\/\S+\/s\/unsubscribe\/\S+/.exec(file.text)![0];
    expect(file.headers?.['List-Unsubscribe']).toBe(`<${unsubscribe}>`);
    const page = await fetch(unsubscribe);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    const done = await fetch(unsubscribe, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(await done.text()).toContain('unsubscribe-done');
  });
});
