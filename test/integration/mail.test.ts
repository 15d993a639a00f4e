import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterAll, describe, expect, it } from 'vitest';
import type { SunkMessage } from '../../scripts/mail-sink.mjs';
import type { MailMessage, MailSettings, SurveyInvitationsResult } from '../../shared/contracts/mail';
import { getDb } from '../../worker/common/db';
import worker, { CRONS } from '../../worker/index';
import { deliverQueued } from '../../worker/mail/sender';
import { enqueueMail } from '../../worker/mail/store';
import {
  admin,
  asSession,
  call,
  createApiToken,
  createMember,
  rows,
  seedAccount,
  signIn,
  today,
  uid,
  waitFor,
} from './helpers';
import { createLinks, createSurvey } from './surveys-helpers';

/** What the local stand-in wrote to files for an address (GET through the sink of vitest.config.ts). */
async function sunk(to: string): Promise<SunkMessage[]> {
  const res = await fetch(`http://mail-sink.test/messages?to=${encodeURIComponent(to)}`);
  return res.json<SunkMessage[]>();
}

async function outboxRow(id: number) {
  return (
    await rows<{
      status: string;
      attempts: number;
      last_error: string | null;
      provider: string | null;
      provider_message_id: string | null;
      body_text: string | null;
      next_attempt_at: number;
      recipient: string;
    }>('SELECT * FROM mail_outbox WHERE id = ?', id)
  )[0]!;
}

const settle = (id: number) =>
  waitFor(async () => {
    const row = await outboxRow(id);
    return row.status === 'sent' || row.status === 'failed' || row.attempts > 0 ? row : null;
  });

async function putSettings(body: Record<string, unknown>): Promise<MailSettings> {
  const res = await admin('/api/settings/mail', { method: 'PUT', body });
  if (res.status !== 200) throw new Error(`PUT settings/mail: ${res.status} ${await res.text()}`);
  return res.json<MailSettings>();
}

async function sendTest(to: string): Promise<number> {
  const res = await admin('/api/settings/mail/test', { body: { to } });
  expect(res.status, await res.clone().text()).toBe(202);
  return (await res.json<{ id: number }>()).id;
}

// Settings are installation-wide: leave the local stand-in and the default limits for other files.
afterAll(async () => {
  await putSettings({ provider: 'local', perMinute: 30, perHour: 500, httpUrl: null, httpApiKey: null });
});

describe('mail delivery', () => {
  it('an invite is emailed to the invitee: the stand-in file has the recipient, subject and link', async () => {
    await putSettings({ provider: 'local', from: 'Keepwell <cs@example.com>' });
    const email = `${uid('invitee')}@example.com`;
    const res = await admin('/api/members/invites', { body: { email, role: 'csm' } });
    expect(res.status).toBe(201);
    const invite = await res.json<{ url: string; mailId: number }>();
    const [file] = await waitFor(async () => {
      const found = await sunk(email);
      return found.length ? found : null;
    });
    expect(file!.to).toEqual([email]);
    expect(file!.from).toBe('Keepwell <cs@example.com>');
    expect(file!.subject).toBe('You are invited to Keepwell');
    expect(file!.text).toContain(invite.url);
    expect(file!.html).toContain(invite.url);
    const row = await settle(invite.mailId);
    expect(row).toMatchObject({ status: 'sent', provider: 'local', provider_message_id: file!.file });
    // The secret link left with the message and is not kept.
    expect(row.body_text).toBeNull();
  });

  it("an invite is written in the inviter's language, which their language choice stores and audits", async () => {
    await putSettings({ provider: 'local' });
    const inviter = await createMember({ role: 'admin' });
    const session = await signIn(inviter.email, inviter.password);
    const prefs = await asSession(session, '/api/mail/preferences', {
      method: 'PUT',
      body: { locale: 'zh' },
    });
    expect(await prefs.json()).toEqual({ digest: true, locale: 'zh' });
    const audit = await rows<{ actor: string; entity_id: string; details: string }>(
      "SELECT actor, entity_id, details FROM audit_log WHERE action = 'mail.preferences' ORDER BY id DESC LIMIT 1",
    );
    expect(audit[0]).toMatchObject({ actor: inviter.email, entity_id: String(inviter.id) });
    expect(JSON.parse(audit[0]!.details)).toEqual({ digest: true, locale: 'zh' });

    const email = `${uid('invitee-zh')}@example.com`;
    const res = await asSession(session, '/api/members/invites', { body: { email, role: 'csm' } });
    expect(res.status).toBe(201);
    const { url } = await res.json<{ url: string }>();
    const [file] = await waitFor(async () => {
      const found = await sunk(email);
      return found.length ? found : null;
    });
    expect(file!.subject).toBe('邀请您加入 Keepwell');
    expect(file!.text).toContain(`${inviter.email} 邀请您以 csm 身份加入 Keepwell。`);
    expect(file!.text).toContain(url);
  });

  it('the HTTP API gets the message with its key; the key is never returned; a refusal fails with its reason', async () => {
    const settings = await putSettings({
      provider: 'http',
      httpUrl: 'https://mail-api.hooks.test/emails',
      httpApiKey: 'test-mail-api-key',
    });
    expect(settings).toMatchObject({ provider: 'http', httpApiKeySet: true });
    expect(JSON.stringify(settings)).not.toContain('test-mail-api-key');
    const got = await (await admin('/api/settings/mail')).text();
    expect(got).not.toContain('test-mail-api-key');

    const to = `${uid('ops')}@example.com`;
    const ok = await settle(await sendTest(to));
    expect(ok).toMatchObject({ status: 'sent', provider: 'http', recipient: to });
    expect(ok.provider_message_id).toMatch(/^re_\d+$/);

    await putSettings({ provider: 'http', httpApiKey: 'a-wrong-mail-api-key' });
    const id = await sendTest(to);
    const failed = await waitFor(async () =>
      (await outboxRow(id)).status === 'failed' ? outboxRow(id) : null,
    );
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toContain('HTTP 401');
    expect(failed.last_error).toContain('API key is invalid');
    const log = await admin('/api/mail/messages?status=failed');
    const items = (await log.json<{ items: MailMessage[] }>()).items;
    expect(items.find((m) => m.id === id)).toMatchObject({ status: 'failed', kind: 'test', recipient: to });
  });

  it('the HTTP API key is stored encrypted: the D1 row does not hold it, and sending still uses it', async () => {
    await putSettings({
      provider: 'http',
      httpUrl: 'https://mail-api.hooks.test/emails',
      httpApiKey: 'test-mail-api-key',
    });
    const stored = async () =>
      (await rows<{ value: string }>("SELECT value FROM settings WHERE key = 'mailHttpApiKey'"))[0]!.value;
    const sealed = await stored();
    expect(sealed).not.toContain('test-mail-api-key');
    expect(JSON.parse(sealed)).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/);
    // Sealed afresh each time (random IV): equal keys do not show as equal rows.
    await putSettings({ provider: 'http', httpApiKey: 'test-mail-api-key' });
    expect(await stored()).not.toBe(sealed);
    const to = `${uid('sealed')}@example.com`;
    expect(await settle(await sendTest(to))).toMatchObject({ status: 'sent', provider: 'http' });

    // Under another SURVEY_SIGNING_KEY the key cannot be opened: the message fails saying what to do.
    const [queued] = await env.DB.batch([
      enqueueMail(getDb(env.DB), { kind: 'test', to, subject: 'other key', text: 'x' }, Date.now()),
    ]);
    const id = (queued!.results as { id: number }[])[0]!.id;
    await deliverQueued({ ...env, SURVEY_SIGNING_KEY: 'another-signing-key-0123456789' }, Date.now());
    const row = await outboxRow(id);
    expect(row.status).toBe('failed');
    expect(row.last_error).toContain('cannot be decrypted (SURVEY_SIGNING_KEY changed?)');
  });

  it('a plaintext API key stored before encryption is used, then sealed in place by the sender', async () => {
    await putSettings({ provider: 'http', httpUrl: 'https://mail-api.hooks.test/emails' });
    await rows(
      "INSERT INTO settings (key, value, updated_at) VALUES ('mailHttpApiKey', ?, 0) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      JSON.stringify('test-mail-api-key'),
    );
    const to = `${uid('legacy')}@example.com`;
    const sent = await settle(await sendTest(to));
    expect(sent).toMatchObject({ status: 'sent', provider: 'http', recipient: to });
    const [row] = await rows<{ value: string }>("SELECT value FROM settings WHERE key = 'mailHttpApiKey'");
    expect(row!.value).not.toContain('test-mail-api-key');
    expect(JSON.parse(row!.value)).toMatch(/^v1\./);
    expect(await settle(await sendTest(to))).toMatchObject({ status: 'sent' });
  });

  it('an HTTP API that is down leaves the message queued for a retry with backoff, with the reason', async () => {
    await putSettings({
      provider: 'http',
      httpUrl: 'https://down.hooks.test/emails',
      httpApiKey: 'test-mail-api-key',
    });
    const id = await sendTest(`${uid('retry')}@example.com`);
    const row = await settle(id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, provider: 'http' });
    expect(row.last_error).toContain('HTTP 503');
    expect(row.next_attempt_at).toBeGreaterThan(Date.now() + 10_000);
  });

  it('a provider that is not configured fails each message with what to fix', async () => {
    await putSettings({ provider: 'cloudflare' });
    const id = await sendTest(`${uid('cf')}@example.com`);
    const row = await waitFor(async () => {
      const r = await outboxRow(id);
      return r.status === 'failed' ? r : null;
    });
    expect(row).toMatchObject({ provider: 'cloudflare', attempts: 1 });
    expect(row.last_error).toContain('send_email binding');
  });

  it('sending is limited per minute across the installation; what is held back goes in the next minute', async () => {
    await putSettings({ provider: 'local', perMinute: 2, perHour: 1000 });
    const db = getDb(env.DB);
    // A time of its own, a day ahead: first send whatever else is due, so the minute is this test's.
    const t = Date.now() + 86_400_000;
    await deliverQueued(env, t - 7_200_000, { max: 1000 });
    const to = `${uid('limited')}@example.com`;
    const inserted = await env.DB.batch(
      [1, 2, 3].map((n) => enqueueMail(db, { kind: 'test', to, subject: `limited ${n}`, text: 'x' }, t)),
    );
    const ids = inserted.map((r) => (r.results as { id: number }[])[0]!.id);
    const first = await deliverQueued(env, t);
    expect(first.sent).toBe(2);
    const inMinute = await rows<{ n: number }>(
      'SELECT count(*) AS n FROM mail_outbox WHERE last_attempt_at > ? AND last_attempt_at <= ?',
      t - 60_000,
      t,
    );
    expect(inMinute[0]!.n).toBe(2);
    const statuses = await Promise.all(ids.map(async (id) => (await outboxRow(id)).status));
    expect(statuses).toEqual(['sent', 'sent', 'queued']);
    expect((await deliverQueued(env, t + 1000)).sent).toBe(0);
    expect((await deliverQueued(env, t + 61_000)).sent).toBe(1);
    expect((await sunk(to)).map((m) => m.subject)).toEqual(['limited 1', 'limited 2', 'limited 3']);
  });
});

describe('daily digest', () => {
  it('the cron mails each member their new alerts and due tasks once a day, in their language, with a link to My work', async () => {
    await putSettings({ provider: 'local', perMinute: 30, perHour: 500 });
    const csm = await createMember({ role: 'csm' });
    const quiet = await createMember({ role: 'csm' });
    const session = await signIn(csm.email, csm.password);
    expect(
      (await asSession(session, '/api/mail/preferences', { method: 'PUT', body: { locale: 'zh' } })).status,
    ).toBe(200);
    const quietSession = await signIn(quiet.email, quiet.password);
    const off = await asSession(quietSession, '/api/mail/preferences', {
      method: 'PUT',
      body: { digest: false },
    });
    expect(await off.json()).toEqual({ digest: false, locale: null });
    const account = await seedAccount({ externalId: uid('digest-acct') });
    const now = Date.now();
    const alertTitle = uid('Usage dropped');
    for (const [assignee, title] of [
      [csm.email, alertTitle],
      [quiet.email, 'not for the quiet one'],
    ] as const) {
      await env.DB.prepare(
        `INSERT INTO alerts (account_id, rule_id, status, severity, title, detail, playbook, assignee, period, created_at, updated_at)
         VALUES (?, ?, 'open', 'warning', ?, 'd', 'p', ?, ?, ?, ?)`,
      )
        .bind(account.id, uid('rule'), title, assignee, today(), now, now)
        .run();
    }
    const taskTitle = uid('Call the champion');
    await env.DB.prepare(
      `INSERT INTO tasks (account_id, title, owner_email, due_date, priority, status, source, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'high', 'open', 'manual', 'test', ?, ?)`,
    )
      .bind(account.id, taskTitle, csm.email, today(), now, now)
      .run();

    const runCron = () =>
      worker.scheduled(createScheduledController({ cron: CRONS.digest, scheduledTime: Date.now() }), env);
    await runCron();
    const [digest] = await waitFor(async () => {
      const found = await sunk(csm.email);
      return found.length ? found : null;
    });
    expect(digest!.subject).toContain('待办');
    expect(digest!.text).toContain(alertTitle);
    expect(digest!.text).toContain(taskTitle);
    expect(digest!.text).toContain('分配给您的新预警');
    expect(digest!.text).toMatch(/http:\/\/keepwell\.test\/work/);
    // Once a day, and never to a member who turned it off.
    await runCron();
    const twice = await rows<{ n: number }>(
      "SELECT count(*) AS n FROM mail_outbox WHERE kind = 'digest' AND recipient = ?",
      csm.email,
    );
    expect(twice[0]!.n).toBe(1);
    expect(await sunk(quiet.email)).toEqual([]);
  });

  it("renders alert titles from their stored messages in each member's language, tier names included", async () => {
    await putSettings({ provider: 'local', perMinute: 30, perHour: 500 });
    const zhCsm = await createMember({ role: 'csm' });
    const enCsm = await createMember({ role: 'csm' });
    const zhSession = await signIn(zhCsm.email, zhCsm.password);
    await asSession(zhSession, '/api/mail/preferences', { method: 'PUT', body: { locale: 'zh' } });
    const account = await seedAccount({ externalId: uid('digest-zh') });
    const name = `Account ${account.externalId}`;
    const now = Date.now();
    const title = 'Tier dropped from Green to Yellow (82 → 55)';
    const messages = JSON.stringify({
      title: {
        key: 'alerts.msg.tierDrop.title',
        params: {
          from: { tier: 'green', label: 'Green' },
          to: { tier: 'yellow', label: 'Yellow' },
          before: 82,
          after: 55,
        },
      },
      detail: [],
      playbook: [],
    });
    const alertIds: number[] = [];
    for (const assignee of [zhCsm.email, enCsm.email]) {
      const inserted = await env.DB.prepare(
        `INSERT INTO alerts (account_id, rule_id, status, severity, title, detail, playbook, messages, assignee, period, created_at, updated_at)
         VALUES (?, ?, 'open', 'warning', ?, 'd', 'p', ?, ?, ?, ?, ?) RETURNING id`,
      )
        .bind(account.id, uid('rule'), title, messages, assignee, today(), now, now)
        .first<{ id: number }>();
      alertIds.push(inserted!.id);
    }
    // A task made from the zh member's alert, still titled as the alert: its line follows the alert's language.
    await env.DB.prepare(
      `INSERT INTO tasks (account_id, title, owner_email, due_date, priority, status, source, alert_id, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'high', 'open', 'alert', ?, 'test', ?, ?)`,
    )
      .bind(account.id, title, zhCsm.email, today(), alertIds[0], now, now)
      .run();

    await worker.scheduled(createScheduledController({ cron: CRONS.digest, scheduledTime: Date.now() }), env);
    const [zh] = await waitFor(async () => {
      const found = await sunk(zhCsm.email);
      return found.length ? found : null;
    });
    const zhTitle = '健康档位从绿色降至黄色（82 → 55）';
    expect(zh!.text).toContain(`分配给您的新预警\n- ${name}: ${zhTitle}`);
    expect(zh!.text).toContain(`今天到期的任务\n- ${name}: ${zhTitle}`);
    expect(zh!.text).not.toContain('Tier dropped');
    expect(zh!.html).toContain(zhTitle);
    const [en] = await waitFor(async () => {
      const found = await sunk(enCsm.email);
      return found.length ? found : null;
    });
    expect(en!.text).toContain(`${name}: ${title}`);
  });

  it('preferences belong to a member: the ADMIN_TOKEN has none (404)', async () => {
    const res = await admin('/api/mail/preferences');
    expect(res.status).toBe(404);
  });
});

describe('survey invitations and unsubscribe', () => {
  it('emails each contact their link with a one-click unsubscribe; an unsubscribed address is never mailed again', async () => {
    await putSettings({ provider: 'local', perMinute: 30, perHour: 500 });
    const survey = await createSurvey();
    const account = await seedAccount({ externalId: uid('inv-acct') });
    const ana = `${uid('ana')}@example.com`;
    const li = `${uid('li')}@example.com`;
    const other = await seedAccount({ externalId: uid('inv-acct2') });
    const created = await createLinks(survey.id, {
      accounts: [other.externalId],
      contacts: [
        { email: ana, name: 'Ana', accountExternalId: account.externalId },
        { email: li, name: '李', locale: 'zh-CN', accountExternalId: account.externalId },
      ],
    });
    const byEmail = (e: string | null) => created.links.find((l) => (l.contact?.email ?? null) === e)!;
    const csm = await createApiToken('csm');
    const invite = (linkIds: number[]) =>
      call(`/api/surveys/${survey.id}/invitations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${csm.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ linkIds }),
      });
    const res = await invite([byEmail(ana).id, byEmail(li).id, byEmail(null).id, 99_999_999]);
    expect(res.status).toBe(202);
    const result = await res.json<SurveyInvitationsResult>();
    expect(result.queued.map((q) => q.email).sort()).toEqual([ana, li].sort());
    expect(result.skipped).toEqual([
      { linkId: byEmail(null).id, reason: 'no_email' },
      { linkId: 99_999_999, reason: 'unknown_link' },
    ]);

    const [mail] = await waitFor(async () => {
      const found = await sunk(ana);
      return found.length ? found : null;
    });
    expect(mail!.subject).toBe('We would value your feedback');
    expect(mail!.text).toContain(byEmail(ana).url);
    const unsubscribe = /http:\/\/keepwell\.test\/s\/unsubscribe\/\S+/.exec(mail!.text)![0];
    expect(mail!.headers).toEqual({
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    const [zh] = await waitFor(async () => {
      const found = await sunk(li);
      return found.length ? found : null;
    });
    expect(zh!.subject).toBe('我们想听听您的意见');

    // The page asks first (a scanner's GET unsubscribes nobody), under a CSP that allows nothing but its form.
    const path = new URL(unsubscribe).pathname;
    const page = await call(path);
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<form method="post">');
    expect(html).not.toContain(ana);
    expect(await rows('SELECT * FROM mail_suppressions WHERE email = ?', ana)).toEqual([]);
    // A tampered token changes nothing.
    expect((await call(`${path.slice(0, -2)}xx`, { method: 'POST' })).status).toBe(404);
    // RFC 8058 one-click.
    const done = await call(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('unsubscribe-done');
    const list = await (
      await call('/api/mail/suppressions', { headers: { Authorization: `Bearer ${csm.token}` } })
    ).json<{
      items: { email: string }[];
    }>();
    expect(list.items.map((i) => i.email)).toContain(ana);

    // A new link for the same person: never mailed again.
    const again = await createLinks(survey.id, {
      contacts: [{ email: ana, accountExternalId: other.externalId }],
    });
    const second = await (await invite([again.links[0]!.id])).json<SurveyInvitationsResult>();
    expect(second).toEqual({ queued: [], skipped: [{ linkId: again.links[0]!.id, reason: 'unsubscribed' }] });
    expect(await sunk(ana)).toHaveLength(1);
  });

  it('CSMs see only the mail they caused or received; admins see all', async () => {
    const csm = await createApiToken('csm');
    const res = await call('/api/mail/messages', { headers: { Authorization: `Bearer ${csm.token}` } });
    expect(res.status).toBe(200);
    const mine = (await res.json<{ items: MailMessage[] }>()).items;
    expect(mine).toEqual([]);
    const all = (await (await admin('/api/mail/messages')).json<{ items: MailMessage[] }>()).items;
    expect(all.some((m) => m.kind === 'member_invite')).toBe(true);
    expect(JSON.stringify(all)).not.toContain('/invite/');
  });
});
